import { describe, expect, it } from 'vitest';
import { defaultVerifyForm, formatCommand, parseCommand, parseEnvLines, verifyFormOf, verifySettingsOf } from './verify-form';

describe('environment lines', () => {
  it('reads NAME=value lines, skipping blanks and comments, values kept as typed', () => {
    expect(parseEnvLines('DATABASE_URL=postgres://db/app?x=1\n\n# comment\nEMPTY=\nPORT=3000')).toEqual({
      env: { DATABASE_URL: 'postgres://db/app?x=1', EMPTY: '', PORT: '3000' },
      problems: [],
    });
  });

  it('says which lines are not NAME=value', () => {
    expect(parseEnvLines('OK=1\njust words\n1BAD=x').problems).toEqual([
      'Line 2: "just words" is not NAME=value (a name of letters, digits and _).',
      'Line 3: "1BAD=x" is not NAME=value (a name of letters, digits and _).',
    ]);
  });
});

describe('command line', () => {
  it('splits words, with quotes and escapes', () => {
    expect(parseCommand(`node server.js --name "my app" 'a b' c\\ d`)).toEqual({ words: ['node', 'server.js', '--name', 'my app', 'a b', 'c d'] });
    expect(parseCommand('sh -c ""')).toEqual({ words: ['sh', '-c', ''] });
    expect(parseCommand('echo "open').problem).toMatch(/double quote/);
  });

  it('formats words so they read back the same', () => {
    const words = ['node', 'server.js', 'my app', 'say "hi"', ''];
    expect(parseCommand(formatCommand(words)).words).toEqual(words);
  });
});

describe('verify settings', () => {
  it('turns the form into the contract settings', () => {
    const form = { ...defaultVerifyForm, env: 'A=1', paths: '/ /health, /api', command: 'node server.js', port: '8080', timeout: '45' };
    expect(verifySettingsOf(form)).toEqual({
      settings: { paths: ['/', '/health', '/api'], env: { A: '1' }, command: ['node', 'server.js'], port: 8080, timeoutMs: 45_000 },
      problems: [],
    });
    expect(verifySettingsOf({ ...defaultVerifyForm, paths: '' }).settings).toEqual({ paths: ['/'] });
  });

  it('lists the problems the core would refuse', () => {
    const { problems } = verifySettingsOf({ ...defaultVerifyForm, paths: 'health', port: '70000', timeout: '0', env: 'x' });
    expect(problems).toHaveLength(4);
  });

  it('round-trips remembered settings', () => {
    const settings = { paths: ['/', '/health'], env: { NODE_ENV: 'production' }, command: ['node', 'a b.js'], port: 3000, timeoutMs: 60_000 };
    const form = verifyFormOf(settings);
    expect(form.enabled).toBe(true);
    expect(verifySettingsOf(form).settings).toEqual(settings);
    expect(verifyFormOf(undefined)).toEqual(defaultVerifyForm);
  });
});

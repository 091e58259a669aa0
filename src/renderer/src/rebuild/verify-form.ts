/**
 * The verification settings as the form holds them (text the user types: KEY=VALUE lines, paths, a
 * command line) and as the contract takes them (`VerifySettings`), both ways, with the problems the core
 * would refuse said before Build.
 */
import type { VerifySettings } from '../../../shared/rebuild';

export interface VerifyForm {
  /** "Verify (let verification choose)". */
  enabled: boolean;
  /** KEY=VALUE, one a line. */
  env: string;
  /** Paths to request, separated by spaces, commas or lines. */
  paths: string;
  /** A command line instead of the image's CMD ("" = the image's own). */
  command: string;
  /** The container port to request ("" = the first exposed one). */
  port: string;
  /** Seconds an image may take to answer ("" = the default, 30 s). */
  timeout: string;
}

export const defaultVerifyForm: VerifyForm = { enabled: true, env: '', paths: '/', command: '', port: '', timeout: '' };

const envName = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/** KEY=VALUE lines (blank lines and # comments skipped) as a map, with the lines that are not. */
export function parseEnvLines(text: string): { env: Record<string, string>; problems: string[] } {
  const env: Record<string, string> = {};
  const problems: string[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const eq = line.indexOf('=');
    const key = eq === -1 ? line : line.slice(0, eq).trim();
    if (eq === -1 || !envName.test(key)) {
      problems.push(`Line ${index + 1}: "${line}" is not NAME=value (a name of letters, digits and _).`);
      return;
    }
    env[key] = line.slice(eq + 1);
  });
  return { env, problems };
}

export function formatEnvLines(env: Record<string, string> | undefined): string {
  return Object.entries(env ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join('\n');
}

export function parsePaths(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map((p) => p.trim())
    .filter(Boolean);
}

/** A command line as words: spaces separate, "double" and 'single' quotes group, a backslash escapes. */
export function parseCommand(text: string): { words: string[]; problem?: string } {
  const words: string[] = [];
  let word = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < text.length; i += 1) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < text.length) word += text[++i];
      else word += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < text.length) {
      word += text[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(word);
      word = '';
      inWord = false;
    } else {
      word += c;
      inWord = true;
    }
  }
  if (inWord) words.push(word);
  return quote ? { words, problem: `A ${quote === '"' ? 'double' : 'single'} quote is not closed.` } : { words };
}

/** Words back to a command line that `parseCommand` reads as the same words. */
export function formatCommand(words: string[] | undefined): string {
  return (words ?? []).map((w) => (w !== '' && /^[\w@%+=:,./-]+$/.test(w) ? w : `"${w.replace(/(["\\])/g, '\\$1')}"`)).join(' ');
}

/** The form as the contract's settings, and what is wrong with it (empty: nothing). */
export function verifySettingsOf(form: VerifyForm): { settings: VerifySettings; problems: string[] } {
  const problems: string[] = [];
  const { env, problems: envProblems } = parseEnvLines(form.env);
  problems.push(...envProblems);
  const paths = parsePaths(form.paths);
  for (const p of paths) if (!p.startsWith('/')) problems.push(`Each path starts with "/" ("${p}" does not).`);
  const command = parseCommand(form.command.trim());
  if (command.problem) problems.push(`Command: ${command.problem}`);
  const settings: VerifySettings = { paths: paths.length > 0 ? paths : ['/'] };
  if (Object.keys(env).length > 0) settings.env = env;
  if (command.words.length > 0) settings.command = command.words;
  const port = form.port.trim();
  if (port !== '') {
    const n = Number(port);
    if (!Number.isInteger(n) || n < 1 || n > 65535) problems.push('The port is a number from 1 to 65535.');
    else settings.port = n;
  }
  const timeout = form.timeout.trim();
  if (timeout !== '') {
    const s = Number(timeout);
    if (!Number.isFinite(s) || s < 1 || s > 600) problems.push('The wait is 1 to 600 seconds.');
    else settings.timeoutMs = Math.round(s * 1000);
  }
  return { settings, problems };
}

/** Remembered settings back into the form (the checkbox is the form's own). */
export function verifyFormOf(settings: VerifySettings | undefined, enabled = true): VerifyForm {
  if (!settings) return { ...defaultVerifyForm, enabled };
  return {
    enabled,
    env: formatEnvLines(settings.env),
    paths: settings.paths?.length ? settings.paths.join(' ') : '/',
    command: formatCommand(settings.command),
    port: settings.port ? String(settings.port) : '',
    timeout: settings.timeoutMs ? String(Math.round(settings.timeoutMs / 1000)) : '',
  };
}

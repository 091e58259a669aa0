import { describe, expect, it } from 'vitest';
import { execJson, simpleShellWords } from './shell-words';

describe('simpleShellWords', () => {
  it('splits plain and quoted words', () => {
    expect(simpleShellWords('node server.js')).toEqual(['node', 'server.js']);
    expect(simpleShellWords(`node "my app.js" 'x y' a\\ b`)).toEqual(['node', 'my app.js', 'x y', 'a b']);
    expect(simpleShellWords('node --max-old-space-size=512 dist/index.js')).toEqual(['node', '--max-old-space-size=512', 'dist/index.js']);
  });
  it('refuses what needs a shell', () => {
    for (const command of ['node a && node b', 'node $APP', 'node "$APP"', 'PORT=3 node x', 'node x > log', 'node *.js', 'a | b', '']) {
      expect(simpleShellWords(command)).toBeNull();
    }
  });
  it('writes exec form', () => {
    expect(execJson(['node', 'a "b"'])).toBe('["node", "a \\"b\\""]');
  });
});

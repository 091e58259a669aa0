import { describe, expect, it } from 'vitest';
import { DockerfileSyntaxError, keyValues, parseDockerfile, substitute } from './parse-dockerfile';

function syntaxError(text: string): DockerfileSyntaxError {
  try {
    parseDockerfile(text);
  } catch (error) {
    return error as DockerfileSyntaxError;
  }
  throw new Error('expected a syntax error');
}

describe('parseDockerfile', () => {
  it('groups instructions into stages with flags, exec form and ARG substitution', () => {
    const parsed = parseDockerfile(
      'ARG V=18\nFROM node:${V} AS build\nRUN a && \\\n  b\nFROM node:${V}-alpine\nCOPY --from=build /a /b\nCMD ["node", "x.js"]\n',
    );
    expect(parsed.stages.map((s) => [s.name, s.resolvedImage])).toEqual([
      ['build', 'node:18'],
      [undefined, 'node:18-alpine'],
    ]);
    const [, , run] = parsed.instructions;
    expect(run).toMatchObject({ keyword: 'RUN', line: 3, endLine: 4 });
    expect(parsed.stages[1]!.instructions[1]!.flags).toEqual({ from: 'build' });
    expect(parsed.stages[1]!.instructions[2]!.json).toEqual(['node', 'x.js']);
  });
  it('reports unknown instructions, missing arguments and a missing FROM with line and column', () => {
    expect(syntaxError('FROM x\n  RUNN y\n')).toMatchObject({ code: 'INVALID_DOCKERFILE', line: 2, column: 3 });
    expect(syntaxError('FROM x\nWORKDIR\n')).toMatchObject({ line: 2, column: 8 });
    expect(syntaxError('# hi\nRUN x\n')).toMatchObject({ line: 2, column: 1 });
    expect(syntaxError('# only a comment\n')).toMatchObject({ line: 1, column: 1 });
    expect(syntaxError('FROM x\nFORM y\n').message).toBe('Dockerfile:2:1: unknown instruction "FORM"');
  });
  it('substitutes variables and reads key=value pairs', () => {
    expect(substitute('node:${V:-20}-${X}', { X: 'slim' })).toBe('node:20-slim');
    const env = parseDockerfile('FROM x\nENV A=1 B="two words"\nENV C legacy value\n').stages[0]!.instructions;
    expect(keyValues(env[1]!)).toEqual([
      ['A', '1'],
      ['B', 'two words'],
    ]);
    expect(keyValues(env[2]!)).toEqual([['C', 'legacy value']]);
  });
});

import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse-dockerfile';
import { resolveStart, scriptInvocation } from './start-command';

function finalCmd(text: string) {
  const stage = parseDockerfile(`FROM node:18\n${text}\n`).stages[0]!;
  return {
    cmd: stage.instructions.findLast((i) => i.keyword === 'CMD'),
    entrypoint: stage.instructions.findLast((i) => i.keyword === 'ENTRYPOINT'),
  };
}

describe('start command', () => {
  it('recognises package-manager script invocations', () => {
    expect(scriptInvocation(['npm', 'start'])).toEqual({ script: 'start', extra: [] });
    expect(scriptInvocation(['npm', 'run', 'serve', '--', '--port', '3'])).toEqual({ script: 'serve', extra: ['--port', '3'] });
    expect(scriptInvocation(['yarn', 'serve'])).toEqual({ script: 'serve', extra: [] });
    expect(scriptInvocation(['node', 'x'])).toBeNull();
  });
  it('resolves npm start to node', () => {
    const result = resolveStart({ ...finalCmd('CMD ["npm", "start"]'), scripts: { start: 'node src/index.js' }, runtimeHasNpm: false });
    expect(result).toMatchObject({ lean: ['node', 'src/index.js'], resolution: 'npm-script', entryFile: 'src/index.js' });
  });
  it('keeps npm when hooks need it and npm exists, else runs the script through sh', () => {
    const scripts = { prestart: 'node migrate.js', start: 'node server.js' };
    expect(resolveStart({ ...finalCmd('CMD npm start'), scripts, runtimeHasNpm: true }).lean).toEqual(['npm', 'start']);
    expect(resolveStart({ ...finalCmd('CMD npm start'), scripts: { start: 'node a && node b' }, runtimeHasNpm: false }).lean).toEqual([
      '/bin/sh',
      '-c',
      'node a && node b',
    ]);
  });
  it('turns simple shell form into exec form, and wraps the rest', () => {
    expect(resolveStart({ ...finalCmd('CMD node server.js'), scripts: {}, runtimeHasNpm: false }).cmdLine).toBe('CMD ["node", "server.js"]');
    expect(resolveStart({ ...finalCmd('CMD node $APP'), scripts: {}, runtimeHasNpm: false }).cmdLine).toBe('CMD ["/bin/sh", "-c", "node $APP"]');
  });
  it('keeps ENTRYPOINT + CMD semantics', () => {
    const result = resolveStart({ ...finalCmd('ENTRYPOINT ["node", "cli.js"]\nCMD ["--port", "3000"]'), scripts: {}, runtimeHasNpm: false });
    expect(result.entrypointLine).toBe('ENTRYPOINT ["node", "cli.js"]');
    expect(result.cmdLine).toBe('CMD ["--port", "3000"]');
    const shell = resolveStart({ ...finalCmd('ENTRYPOINT node cli.js\nCMD ["x"]'), scripts: {}, runtimeHasNpm: false });
    expect(shell.entrypointLine).toBe('ENTRYPOINT ["/bin/sh", "-c", "node cli.js"]');
  });
});

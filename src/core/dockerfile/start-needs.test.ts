import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse-dockerfile';
import { scriptInvocation, startNeeds, type ProjectPackages } from './start-needs';

const packages: ProjectPackages = {
  scripts: {
    start: 'node -r dotenv/config dist/main.js',
    dev: 'nodemon src/index.ts',
    prestart: 'prisma migrate deploy',
    serve: 'next start -p 3000',
  },
  dependencies: ['next', 'prisma', '@prisma/client'],
  devDependencies: ['nodemon', 'dotenv'],
  globals: ['pm2'],
};

function needs(lines: string, readScript?: (file: string) => string | null) {
  const stage = parseDockerfile(`FROM node:18\n${lines}\n`).stages[0]!;
  const find = (k: string) => stage.instructions.findLast((i) => i.keyword === k);
  return startNeeds({ entrypoint: find('ENTRYPOINT'), cmd: find('CMD'), healthcheck: find('HEALTHCHECK'), packages, readScript });
}

describe('startNeeds', () => {
  it('follows npm scripts and their hooks to the executables and preloads they need', () => {
    const result = needs('CMD ["npm", "start"]');
    expect(result).toMatchObject({
      packageManager: 'npm',
      script: { name: 'start', hooks: ['prestart'] },
      preloads: ['dotenv'],
      entryFiles: ['dist/main.js'],
    });
    expect(result.bins).toEqual([{ bin: 'prisma', pkg: 'prisma', source: 'dependency', from: 'the prestart script' }]);
    expect(result.direct).toBeUndefined(); // the prestart hook needs npm
    expect(needs('CMD npm run serve').direct).toEqual(['next', 'start', '-p', '3000']);
  });

  it('sees global tools, devDependencies in shell scripts, and health checks', () => {
    expect(needs('CMD ["pm2-runtime", "server.js"]').bins).toEqual([{ bin: 'pm2-runtime', pkg: 'pm2', source: 'global', from: 'CMD' }]);
    const viaScript = needs('ENTRYPOINT ["/entry.sh"]\nCMD ["node", "a.js"]', (file) =>
      file === '/entry.sh' ? 'npx nodemon --version\nexec "$@"\n' : null,
    );
    expect(viaScript.bins).toEqual([{ bin: 'nodemon', pkg: 'nodemon', source: 'devDependency', from: 'entry.sh' }]);
    expect(viaScript.entryFiles).toEqual(['/entry.sh']);
    expect(needs('CMD ["node", "x.js"]\nHEALTHCHECK CMD curl -f http://localhost/ || exit 1').bins).toEqual([]);
  });

  it('recognises script invocations of each package manager', () => {
    expect(scriptInvocation(['npm', 'run', 'serve', '--', '--port', '3'])).toEqual({ script: 'serve', extra: ['--port', '3'] });
    expect(scriptInvocation(['yarn', 'dev'])).toEqual({ script: 'dev', extra: [] });
    expect(scriptInvocation(['pnpm', 'exec', 'x'])).toBeNull();
    expect(scriptInvocation(['node', 'x'])).toBeNull();
  });
});

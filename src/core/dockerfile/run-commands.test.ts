import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse-dockerfile';
import { runFacts, splitCommands } from './run-commands';

const run = (text: string, workdir = '/app') => runFacts(parseDockerfile(`FROM x\n${text}\n`).stages[0]!.instructions[1]!, workdir);

describe('splitCommands', () => {
  it('splits on operators and newlines, honouring quotes and continuations', () => {
    expect(splitCommands('a b && c "d && e" || f; g | h\ni \\\n  j # comment\nk')).toEqual([
      ['a', 'b'],
      ['c', 'd && e'],
      ['f'],
      ['g'],
      ['h'],
      ['i', 'j'],
      ['k'],
    ]);
    expect(splitCommands("echo 'x; y' && (cd z && w)")).toEqual([['echo', 'x; y'], ['cd', 'z'], ['w']]);
  });
});

describe('runFacts', () => {
  it('finds the project install with its flags and folder, apart from global installs and scripts', () => {
    const facts = run('RUN cd client && npm ci --legacy-peer-deps && npm i -g pm2@5 serve && npm run build && yarn global add nodemon');
    expect(facts.installs).toEqual([
      { manager: 'npm', dir: '/app/client', flags: ['--legacy-peer-deps'], words: ['npm', 'ci', '--legacy-peer-deps'] },
    ]);
    expect(facts.globalInstalls).toEqual([
      { manager: 'npm', packages: ['pm2@5', 'serve'] },
      { manager: 'yarn', packages: ['nodemon'] },
    ]);
    expect(facts.scripts).toEqual([{ manager: 'npm', dir: '/app/client', script: 'build' }]);
    expect(run('RUN npm install express').installs).toEqual([]); // adding a package is not the project install
    expect(run('RUN yarn --frozen-lockfile && yarn build').installs.map((i) => i.manager)).toEqual(['yarn']);
    expect(run('RUN corepack enable && corepack pnpm install').installs.map((i) => i.manager)).toEqual(['pnpm']);
    expect(run('RUN ["npm", "install"]').installs).toHaveLength(1);
  });

  it('reads OS installs (apk virtual names skipped), folders made, ownership, users and secret mounts', () => {
    const facts = run(
      'RUN --mount=type=secret,id=npmrc apk add --no-cache --virtual .build python3 make && apt-get update && apt-get install -y --no-install-recommends tini && mkdir -p /data logs && chown -R node:node /data && useradd -m app',
    );
    expect(facts.osInstalls.map((o) => [o.tool, o.packages])).toEqual([
      ['apk', ['python3', 'make']],
      ['apt', ['tini']],
    ]);
    expect(facts.mkdirs).toEqual(['/data', '/app/logs']);
    expect(facts.chowns).toEqual([{ owner: 'node:node', recursive: true, paths: ['/data'] }]);
    expect(facts.userCommands).toEqual([['useradd', '-m', 'app']]);
    expect(facts.secretMount).toBe(true);
  });
});

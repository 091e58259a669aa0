/**
 * A cloned repository decides the values the lean rewrite writes into Dockerfile.lean (tsconfig's outDir,
 * package.json's main, scripts, bins and workspaces, the Dockerfile's users, packages and folders, build
 * arguments). Hostile values must never add an instruction or a flag: each is refused, quoted or left out.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { LayerLensError } from '../../shared/errors';
import type { OptimizeOptions } from '../../shared/rebuild';
import { planOptimization } from './optimize-plan';
import { parseDockerfile } from './parse-dockerfile';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-hostile-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Ways a value can try to break out of its place in a Dockerfile line. */
const payloads = [
  'x\nUSER root\nRUN touch /pwned',
  'x\r\nRUN touch /pwned',
  'x\\',
  'x" ]\nRUN touch /pwned\n#',
  '--from=evil /etc/shadow',
  'x $(touch /pwned) `touch /pwned`',
  'x\u2028RUN touch /pwned',
  'x\u0000y',
];

const dockerfile = `FROM node:18
ARG APP_DIR=/app
WORKDIR \${APP_DIR}
RUN apt-get update && apt-get install -y curl && useradd -m app
COPY package.json package-lock.json ./
RUN npm ci
COPY . .
RUN npm run build
USER app
EXPOSE 3000
CMD npm start
`;

interface Project {
  files: Record<string, string>;
  options?: Partial<OptimizeOptions>;
}

function project(values: {
  outDir?: string;
  main?: string;
  start?: string;
  bin?: string;
  workspace?: string;
  user?: string;
  pkg?: string;
  dir?: string;
}): Project {
  const pkg = {
    name: 'app',
    version: '1.0.0',
    main: values.main ?? 'build/index.js',
    scripts: { build: 'tsc', start: values.start ?? 'node build/index.js' },
    bin: { [values.bin ?? 'app-cli']: 'build/cli.js' },
    ...(values.workspace ? { workspaces: [values.workspace] } : {}),
    dependencies: { ms: '2.1.3' },
    devDependencies: { typescript: '5.4.5' },
  };
  let text = dockerfile;
  if (values.user)
    text = text
      .replace('useradd -m app', `useradd -m ${JSON.stringify(values.user)}`)
      .replace('USER app', `USER ${values.user.replace(/[\r\n]/g, ' ')}`);
  if (values.pkg) text = text.replace('install -y curl', `install -y curl ${JSON.stringify(values.pkg)}`);
  return {
    files: {
      Dockerfile: text,
      'package.json': JSON.stringify(pkg),
      'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion: 3, packages: {} }),
      'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: values.outDir ?? 'build' } }),
    },
    ...(values.dir ? { options: { buildArgs: { APP_DIR: values.dir } } } : {}),
  };
}

let made = 0;
function plan(p: Project) {
  const dir = path.join(work, String(made++));
  fs.mkdirSync(dir);
  for (const [name, text] of Object.entries(p.files)) fs.writeFileSync(path.join(dir, name), text);
  return planOptimization({ contextDir: dir, ...p.options });
}

/** The instructions of a Dockerfile as keyword + flags, the way Docker's parser splits them. */
function shape(text: string): string[] {
  return parseDockerfile(text).stages.flatMap((s) =>
    s.instructions.map((i) => [i.keyword, ...Object.entries(i.flags).map(([k, v]) => `--${k}=${v}`)].join(' ')),
  );
}

const benign = await plan(project({}));
const rootSwitches = Math.max(...benign.candidates.map((c) => c.dockerfile.match(/^USER root$/gm)?.length ?? 0));
const fields = ['outDir', 'main', 'start', 'bin', 'workspace', 'user', 'pkg', 'dir'] as const;

describe('hostile project values in the lean Dockerfile', () => {
  it('the benign project gives a lean rewrite to compare with', () => {
    expect(benign.kind).toBe('lean-rewrite');
    expect(benign.candidates.length).toBeGreaterThan(0);
  });

  for (const field of fields) {
    it(`${field}: no payload adds an instruction, a flag or a line`, async () => {
      for (const payload of payloads) {
        let result;
        try {
          result = await plan(project({ [field]: payload }));
        } catch (error) {
          // Refusing is fine when the message says which value is wrong, without echoing control characters.
          expect(error, `${field} ${JSON.stringify(payload)}`).toBeInstanceOf(LayerLensError);
          // eslint-disable-next-line no-control-regex -- what must not reach a terminal
          expect((error as Error).message).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u2028]/);
          continue;
        }
        for (const candidate of result.candidates) {
          // What LayerLens writes after the original build (kept verbatim, the user's own).
          const text = candidate.dockerfile.slice(candidate.dockerfile.indexOf('\n# LayerLens'));
          const where = `${field} ${JSON.stringify(payload)} in candidate ${candidate.id}`;
          expect(text, where).not.toMatch(/^\s*RUN touch \/pwned\s*$/m);
          // The rewrite switches to root in its build-stage trims; a payload must not add a switch of its own.
          expect(text.match(/^USER root$/gm)?.length ?? 0, where).toBeLessThanOrEqual(rootSwitches);
          expect(text, where).not.toContain('\u0000');
          expect(text, where).not.toContain('\u2028');
          // Every instruction it has is one the benign rewrite has, with the same flags (a value that looks
          // like a flag stays a quoted path or argument).
          const known = new Set(benign.candidates.flatMap((c) => shape(c.dockerfile)));
          for (const line of shape(candidate.dockerfile)) expect(known, `${where}: ${line}`).toContain(line);
        }
      }
    });
  }
});

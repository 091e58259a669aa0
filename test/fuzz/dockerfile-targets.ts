/**
 * Fuzz targets of the lean rebuild's planning, pure functions only (no engine): the Dockerfile parser, and
 * `planOptimization` on each golden case's build context (test/fixtures/dockerfiles) with its Dockerfile
 * mutated line by line, token by token and byte by byte.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { tempDir } from '../../src/core/archive/test-support';
import { planOptimization } from '../../src/core/dockerfile/optimize-plan';
import { parseDockerfile } from '../../src/core/dockerfile/parse-dockerfile';
import { mutateBytes, type FuzzTarget, type Prng } from './engine';

const corpus = path.resolve(import.meta.dirname, '../fixtures/dockerfiles');

/** Fragments that steer the parser and the planner into their corners. */
const fragments = [
  'FROM ',
  'FROM node:20 AS build',
  'FROM scratch',
  'FROM ${BASE:-node:20-alpine}',
  ' AS ',
  'ARG BASE=node:20',
  'ARG ',
  'RUN ',
  'RUN npm ci && npm run build',
  'RUN yarn install --frozen-lockfile',
  'RUN pnpm i',
  'RUN ["npm", "ci"]',
  'COPY . .',
  'COPY --from=build /app /app',
  'COPY --from=0 ',
  'COPY --chown=node:node ',
  'ADD ',
  'WORKDIR ',
  'WORKDIR /app',
  'WORKDIR ..',
  'USER node',
  'USER 1000:1000',
  'ENV ',
  'ENV A=1 B="x y"',
  'LABEL a=b',
  'EXPOSE 3000',
  'EXPOSE ',
  'CMD ["node", "server.js"]',
  'CMD npm start',
  'ENTRYPOINT ["/entrypoint.sh"]',
  'HEALTHCHECK CMD curl -f localhost',
  'HEALTHCHECK NONE',
  'ONBUILD ',
  'SHELL ["/bin/sh", "-c"]',
  'STOPSIGNAL SIGTERM',
  'VOLUME /data',
  '# syntax=docker/dockerfile:1',
  '# escape=`',
  '\\\n',
  '\\',
  '`',
  '$',
  '${',
  '}',
  '$(',
  ')',
  '"',
  "'",
  '[',
  ']',
  '[]',
  '&&',
  '||',
  ';',
  '|',
  '<<EOF\nx\nEOF',
  '--mount=type=secret,id=npmrc',
  '--target',
  '=',
  '\0',
  '\r',
  '\t',
  '\n',
  '\n\n',
  '#',
  '*',
  '**',
  '../',
  '/',
  '.',
];

function mutateText(text: string, rng: Prng): string {
  const lines = text.split('\n');
  for (let n = rng.int(4) + 1; n > 0; n--) {
    const at = rng.int(lines.length + 1);
    switch (rng.int(6)) {
      case 0: // a fragment spliced into a line
      case 1: {
        const line = lines[at] ?? '';
        const cut = rng.int(line.length + 1);
        lines[at] = `${line.slice(0, cut)}${rng.pick(fragments)}${line.slice(cut)}`;
        break;
      }
      case 2:
        lines.splice(at, 1);
        break;
      case 3:
        lines.splice(at, 0, lines[rng.int(lines.length)] ?? '');
        break;
      case 4:
        lines.splice(at, 0, rng.pick(fragments));
        break;
      default:
        return mutateBytes(Buffer.from(lines.join('\n')), rng).toString('utf8');
    }
  }
  return lines.join('\n');
}

interface Case {
  name: string;
  text: string;
  contextDir: string;
}

export interface DockerfileTargets {
  targets: FuzzTarget<unknown>[];
  dispose(): Promise<void>;
}

export async function dockerfileTargets(): Promise<DockerfileTargets> {
  const work = await tempDir('layerlens-fuzz-dockerfile-');
  const cases: Case[] = [];
  for (const name of (await fs.readdir(corpus)).sort()) {
    const dockerfile = path.join(corpus, name, 'Dockerfile');
    const text = await fs.readFile(dockerfile, 'utf8').catch(() => undefined);
    if (text === undefined) continue;
    // Each case's context copied once: the mutated Dockerfile is written next to it, never in the fixtures.
    const contextDir = path.join(work, name);
    await fs.cp(path.join(corpus, name), contextDir, { recursive: true, filter: (source) => !/expected\./.test(source) });
    cases.push({ name, text, contextDir });
  }

  const parse: FuzzTarget<string> = {
    name: 'parseDockerfile',
    generate: (rng) => mutateText(rng.pick(cases).text, rng),
    run: (text) => parseDockerfile(text),
    timeoutMs: 2_000,
  };
  const plan: FuzzTarget<{ contextDir: string; text: string }> = {
    name: 'planOptimization',
    generate(rng) {
      const chosen = rng.pick(cases);
      return { contextDir: chosen.contextDir, text: mutateText(chosen.text, rng) };
    },
    async run({ contextDir, text }) {
      await fs.writeFile(path.join(contextDir, 'Dockerfile.fuzz'), text);
      return planOptimization({ contextDir, dockerfile: 'Dockerfile.fuzz' });
    },
    timeoutMs: 3_000,
  };
  return {
    targets: [parse, plan] as FuzzTarget<unknown>[],
    dispose: () => fs.rm(work, { recursive: true, force: true }),
  };
}

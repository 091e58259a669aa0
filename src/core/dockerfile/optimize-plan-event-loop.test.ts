/**
 * A plan reads the build context without blocking: on Electron's main process and in `serve`, progress
 * events, timers and other calls keep running while it walks a big node_modules (a `COPY . /` makes it
 * list the whole context as Docker sends it) and the project's sources. With readdirSync walks the plan
 * was one synchronous stretch: not a single timer tick or event-loop turn happened during it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LayerLensError } from '../../shared/errors';
import { planOptimization } from './optimize-plan';

let context: string;

beforeAll(() => {
  context = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-plan-loop-'));
  const write = (rel: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(context, rel)), { recursive: true });
    fs.writeFileSync(path.join(context, rel), text);
  };
  write('Dockerfile', 'FROM node:20\nWORKDIR /\nCOPY . .\nRUN npm ci\nCMD ["node", "server.js"]\n');
  write('package.json', JSON.stringify({ name: 'app', dependencies: { express: '4' }, devDependencies: { 'left-pad': '1' } }));
  write('server.js', "require('./src/app');\n");
  // The sources the devDependency scan follows from the entry file.
  for (let i = 0; i < 40; i++) write(`src/${i === 0 ? 'app' : `m${i}`}.js`, `require('./m${i + 1}');\n`);
  // A few thousand entries in a node_modules shaped like a real one (packages with lib/ and dist/ folders).
  for (let p = 0; p < 200; p++) {
    for (const folder of ['', 'lib', 'lib/util', 'dist']) {
      const dir = path.join(context, 'node_modules', `pkg-${p}`, folder);
      fs.mkdirSync(dir, { recursive: true });
      for (let f = 0; f < 3; f++) fs.writeFileSync(path.join(dir, `f${f}.js`), '');
    }
  }
}, 60_000);

afterAll(() => fs.rmSync(context, { recursive: true, force: true }));

describe('planOptimization and the event loop', () => {
  it('lets timers and other callbacks run while it walks a context with a big node_modules', async () => {
    let ticks = 0;
    let turns = 0;
    const interval = setInterval(() => ticks++, 1);
    let immediate: NodeJS.Immediate | undefined;
    const spin = () => {
      turns++;
      immediate = setImmediate(spin);
    };
    try {
      // Both counters start from zero here: only what happens while the plan runs counts.
      immediate = setImmediate(spin);
      const plan = await planOptimization({ contextDir: context });
      clearImmediate(immediate);
      clearInterval(interval);
      expect(plan.kind).toBe('lean-rewrite');
      // The copy into / was narrowed to the entries the context listing found, node_modules among them.
      expect(plan.closure.map((c) => c.path)).toEqual(expect.arrayContaining(['/server.js', '/src', '/node_modules', '/package.json']));
      expect(turns, 'event-loop turns during the plan').toBeGreaterThan(20);
      expect(ticks, 'timer ticks during the plan').toBeGreaterThan(0);
    } finally {
      clearImmediate(immediate);
      clearInterval(interval);
    }
  });

  it('stops its walks when the signal aborts mid-plan', async () => {
    const controller = new AbortController();
    setImmediate(() => controller.abort());
    const error = await planOptimization({ contextDir: context }, controller.signal).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(LayerLensError);
    expect(error).toMatchObject({ code: 'CANCELLED' });
  });
});

/**
 * `optimize --dockerfile ../other/Dockerfile --build`: a Dockerfile outside the build context (as
 * `docker build -f` allows) is the one built, not the context's own.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { danglingImages, docker, fixturesDir, removeImage, removeNewDangling, uniqueTag } from '../../../test/docker-fixtures';
import { cli } from '../test-cli';

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-outside-df-'));
const tag = uniqueTag('outside-dockerfile');
let dangling: Set<string>;

beforeAll(async () => {
  dangling = await danglingImages();
});
afterAll(async () => {
  for (const image of [`${tag}-lean`, tag]) await removeImage(image);
  await removeNewDangling(dangling);
  fs.rmSync(work, { recursive: true, force: true });
});

describe('optimize with a Dockerfile outside the context', () => {
  it('builds the named Dockerfile, and the lean file is written from it', async () => {
    const context = path.join(work, 'app');
    fs.cpSync(path.join(fixturesDir, 'engine-loss-app'), context, { recursive: true });
    const own = fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8');
    fs.mkdirSync(path.join(work, 'other'));
    fs.writeFileSync(path.join(work, 'other', 'Dockerfile'), own.replace('EXPOSE 3000', 'LABEL io.layerlens.test.picked=outside\nEXPOSE 3000'));
    const result = await cli(
      'optimize',
      context,
      '--dockerfile',
      '../other/Dockerfile',
      '--build',
      '--runtime-base',
      'layerlens-test/node-slim:18',
      '--tag',
      tag,
      '--no-write',
      '--json',
    );
    expect(result.code, result.err).toBe(0);
    const picked = await docker('image', 'inspect', '-f', '{{index .Config.Labels "io.layerlens.test.picked"}}', tag);
    expect(picked.trim()).toBe('outside');
    const outcome = JSON.parse(result.out);
    expect(outcome.plan.original).toContain('LABEL io.layerlens.test.picked=outside');
    // The context's own Dockerfile is untouched and nothing was written beside either file.
    expect(fs.readFileSync(path.join(context, 'Dockerfile'), 'utf8')).toBe(own);
    expect(fs.readdirSync(path.join(work, 'other'))).toEqual(['Dockerfile']);
  });
});

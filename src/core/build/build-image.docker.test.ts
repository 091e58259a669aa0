/** Build failures and cancellation on the real engine; every image and container is removed. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { docker } from '../../../test/docker-fixtures';
import { LayerLensError } from '../../shared/errors';
import { createDockerClient } from '../engine/docker-client';
import { discoverFromProcess } from '../engine/discovery';
import { buildImage } from './build-image';
import type { BuildEvent } from './build-progress';

const dirs: string[] = [];
function context(dockerfile: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-build-'));
  dirs.push(dir);
  fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

const engine = () => createDockerClient(discoverFromProcess());

async function imagesWithLabel(label: string): Promise<string[]> {
  return (await docker('images', '-a', '-q', '--filter', `label=${label}`)).split('\n').filter(Boolean);
}

describe('buildImage on the engine', () => {
  it('turns an error inside the 200 stream into BUILD_FAILED with the failing step log', async () => {
    const marker = randomBytes(4).toString('hex');
    const dir = context(`FROM layerlens-test/debian:bookworm\nLABEL io.layerlens.test=${marker}\nRUN echo "about to fail ${marker}" && false\n`);
    const events: BuildEvent[] = [];
    let error: unknown;
    try {
      await buildImage(engine(), { contextDir: dir, dockerfile: 'Dockerfile', onEvent: (e) => events.push(e) });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(LayerLensError);
    expect((error as LayerLensError).code).toBe('BUILD_FAILED');
    expect((error as LayerLensError).message).toMatch(/step 3\/3 \(RUN echo/);
    expect((error as LayerLensError).message).toMatch(/non-zero code: 1/);
    expect((error as LayerLensError).detail).toContain(`about to fail ${marker}`);
    expect(events).toContainEqual({ type: 'step', step: 3, total: 3, instruction: expect.stringMatching(/^RUN echo/) });
    // The LABEL step committed an intermediate image; rm/forcerm leave only that cache entry. Remove it.
    for (const id of await imagesWithLabel(`io.layerlens.test=${marker}`)) await docker('rmi', id).catch(() => undefined);
  });

  it('cancels with the signal: CANCELLED, and no image or container left behind', async () => {
    const marker = randomBytes(4).toString('hex');
    const seconds = 40 + Math.floor(Math.random() * 50);
    const dir = context(`FROM layerlens-test/debian:bookworm\nRUN sleep ${seconds} && echo ${marker}\n`);
    const controller = new AbortController();
    let error: unknown;
    const started = Date.now();
    try {
      await buildImage(engine(), {
        contextDir: dir,
        dockerfile: 'Dockerfile',
        labels: { 'io.layerlens.test': marker },
        signal: controller.signal,
        onEvent: (e) => {
          if (e.type === 'log' && e.line.includes('Running in')) setTimeout(() => controller.abort(), 300);
        },
      });
    } catch (e) {
      error = e;
    }
    expect((error as LayerLensError).code).toBe('CANCELLED');
    expect(Date.now() - started).toBeLessThan(seconds * 1000);
    // The daemon stops the build when the request ends; give it a moment to remove the step's container.
    let leftovers: string[] = [];
    for (let i = 0; i < 40; i++) {
      leftovers = (await docker('ps', '-a', '--no-trunc', '--format', '{{.ID}} {{.Command}}')).split('\n').filter((l) => l.includes(marker));
      if (leftovers.length === 0) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    for (const line of leftovers) await docker('rm', '-f', line.split(' ')[0]!).catch(() => undefined);
    expect(leftovers).toEqual([]);
    expect(await imagesWithLabel(`io.layerlens.test=${marker}`)).toEqual([]);
  });
});

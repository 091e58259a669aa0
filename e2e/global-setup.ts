/**
 * Builds the e2e test image and starts the real `layerlens serve` (the CLI, as a user would), then hands
 * the printed URL to the specs through the environment.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildFixtureImage, uniqueTag } from '../test/docker-fixtures';

export const stateFile = path.resolve(import.meta.dirname, '../test-results/e2e-state.json');

export default async function globalSetup(): Promise<void> {
  const tag = uniqueTag('e2e-three-layers');
  const imageId = await buildFixtureImage('three-layers', tag);
  // The explorer's specs: an image with known waste on the same base (e2e/explorer.spec.ts).
  const wasteTag = uniqueTag('e2e-explore-waste');
  const wasteImageId = await buildFixtureImage('explore-waste', wasteTag);
  // The server never touches the user's settings or cache: a run of its own unless `npm test` gave one.
  const scratch =
    process.env.LAYERLENS_CONFIG_DIR && process.env.LAYERLENS_CACHE_DIR ? undefined : fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-e2e-'));
  const env = scratch
    ? { ...process.env, LAYERLENS_CONFIG_DIR: path.join(scratch, 'config'), LAYERLENS_CACHE_DIR: path.join(scratch, 'cache') }
    : process.env;
  const server = spawn('npm', ['run', '--silent', 'layerlens', '--', 'serve', '--port', '0'], {
    cwd: path.resolve(import.meta.dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
    detached: true,
    env,
  });
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no URL in 60 s:\n${output}`)), 60_000);
    server.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      const match = /serving on (http:\/\/\S+)/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    server.on('exit', (code) => reject(new Error(`serve exited with ${code}:\n${output}`)));
  });
  fs.mkdirSync(path.dirname(stateFile), { recursive: true });
  fs.writeFileSync(stateFile, JSON.stringify({ tag, imageId, pid: server.pid, extraTags: [wasteTag], ...(scratch ? { scratch } : {}) }));
  process.env.LAYERLENS_URL = url;
  process.env.LAYERLENS_ORIGIN = new URL(url).origin;
  process.env.LAYERLENS_TEST_IMAGE = tag;
  process.env.LAYERLENS_TEST_IMAGE_ID = imageId;
  process.env.LAYERLENS_WASTE_IMAGE = wasteTag;
  process.env.LAYERLENS_WASTE_IMAGE_ID = wasteImageId;
}

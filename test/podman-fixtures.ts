/**
 * Podman's Docker-compatible API for the `podman` test project: the socket scripts/test-env.sh starts
 * (`LAYERLENS_PODMAN_SOCKET`, by default /run/layerlens-podman/podman.sock) with the stand-in images loaded
 * from dockerd. The `podman` CLI in remote mode is the oracle (independent of LayerLens's engine code).
 * When the socket or the images are missing, the project's tests skip and the run says why, once, loudly
 * (`podman.setup.ts` checks; `describeWithPodman` skips).
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import { promisify } from 'node:util';
import { beforeAll, describe, inject } from 'vitest';

const run = promisify(execFile);

export const podmanSocket = process.env.LAYERLENS_PODMAN_SOCKET || '/run/layerlens-podman/podman.sock';
export const podmanHost = `unix://${podmanSocket}`;
/** What the podman tests need in Podman's storage (scripts/test-env.sh loads them from dockerd). */
export const podmanImages = ['layerlens-test/node-slim:18', 'layerlens-test/busybox:stable'];

declare module 'vitest' {
  export interface ProvidedContext {
    /** Why the podman tests cannot run here, or null when Podman answers with the images loaded. */
    podmanUnavailable: string | null;
  }
}

/** The podman CLI against the test socket (remote mode: no storage or configuration of its own). */
export async function podman(...args: string[]): Promise<string> {
  const { stdout } = await run('podman', ['--remote', '--url', podmanHost, ...args], { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const request = http.get({ socketPath: podmanSocket, path, timeout: 5000 }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('timeout', () => request.destroy(new Error('no answer within 5 s')));
    request.on('error', reject);
  });
}

/** Why Podman cannot be tested here (no socket, no answer, images missing, no CLI), or null. */
export async function podmanUnavailableReason(): Promise<string | null> {
  const start = 'bash scripts/test-env.sh starts it and loads the images';
  if (!fs.existsSync(podmanSocket)) return `no Podman socket at ${podmanSocket} (${start}; LAYERLENS_PODMAN_SOCKET names another)`;
  try {
    const status = await get('/_ping');
    if (status !== 200) return `the Podman socket ${podmanSocket} answered /_ping with HTTP ${status}`;
  } catch (error) {
    return `the Podman socket ${podmanSocket} does not answer (${(error as Error).message}; ${start})`;
  }
  for (const image of podmanImages) {
    if ((await get(`/images/${encodeURIComponent(image)}/json`).catch(() => 0)) !== 200) return `Podman at ${podmanSocket} lacks ${image} (${start})`;
  }
  try {
    await podman('version');
  } catch (error) {
    return `the podman CLI (the tests' oracle) cannot talk to ${podmanSocket}: ${(error as Error).message.split('\n')[0]}`;
  }
  return null;
}

/** Why the Podman tests cannot run, and how to make them: scripts/test-env.sh starts Podman's service. */
export function podmanUnavailableMessage(reason: string): string {
  return `the Podman tests (vitest project "podman") cannot run: ${reason}. Run \`bash scripts/test-env.sh\`, which starts Podman's service with the stand-in images`;
}

/** A describe block against Podman's socket: without Podman its tests fail, saying why (never skip). */
export function describeWithPodman(name: string, body: () => void): void {
  describe(`${name} (Podman's socket)`, () => {
    beforeAll(() => {
      const reason = inject('podmanUnavailable');
      if (reason !== null) throw new Error(podmanUnavailableMessage(reason));
    });
    body();
  });
}

/** Every image ID in Podman's storage, intermediate ones too. */
export async function podmanImageIds(): Promise<Set<string>> {
  return new Set((await podman('images', '-a', '-q', '--no-trunc')).split('\n').filter(Boolean));
}

/** Removes the images that were not there before (built by the test, tagged or not): children first. */
export async function removeNewPodmanImages(before: Set<string>): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const fresh = [...(await podmanImageIds())].filter((id) => !before.has(id));
    if (fresh.length === 0) return;
    for (const id of fresh) await podman('rmi', '--force', id).catch(() => undefined);
  }
}

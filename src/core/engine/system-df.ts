/**
 * The engine's disk usage (`GET /system/df`). dockerd runs one at a time and refuses a second while the
 * first runs ("a disk usage operation is already running"): calls from this process share the one in
 * flight, and a refusal caused by another client (the docker CLI, Docker Desktop) is retried briefly.
 */
import type Docker from 'dockerode';
import { engineMessage } from './engine-errors';
import { engineRequest } from './engine-request';

export interface SystemDf {
  LayersSize?: number;
  Images?: { Id: string; Size: number; SharedSize: number; RepoTags?: string[] | null }[] | null;
}

const inFlight = new WeakMap<Docker, Promise<SystemDf>>();
const retryDelaysMs = [250, 500, 1000, 2000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function ask(docker: Docker, signal?: AbortSignal): Promise<SystemDf> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await engineRequest<SystemDf>(docker, { path: '/system/df', signal });
    } catch (error) {
      const busy = /disk usage operation is already running/i.test(engineMessage(error));
      if (!busy || attempt >= retryDelaysMs.length || signal?.aborted) throw error;
      await sleep(retryDelaysMs[attempt]!);
    }
  }
}

export function systemDf(docker: Docker, signal?: AbortSignal): Promise<SystemDf> {
  // A shared call is not cancelled by one caller's signal; each caller still stops waiting on its own.
  let pending = inFlight.get(docker);
  if (!pending) {
    pending = ask(docker).finally(() => inFlight.delete(docker));
    inFlight.set(docker, pending);
  }
  if (!signal) return pending;
  return Promise.race([
    pending,
    new Promise<never>((_, reject) => {
      if (signal.aborted) reject(signal.reason);
      signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    }),
  ]);
}

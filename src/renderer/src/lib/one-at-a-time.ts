/**
 * Calls that make the engine measure its disk use (the images list, the per-image facts, removal
 * previews) run one after the other: Docker refuses a second disk-usage operation while one is running
 * ("a disk usage operation is already running"). Another client (another tab, the CLI) can still be
 * measuring: then the call is tried again, a few times, after a short wait.
 */
let queue: Promise<unknown> = Promise.resolve();

const busy = /disk usage operation is already running/i;
const retryDelaysMs = [250, 500, 1000, 2000, 4000];

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function whenNotBusy<T>(call: () => Promise<T>, delays: readonly number[]): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await call();
    } catch (error) {
      if (attempt >= delays.length || !busy.test((error as { message?: string }).message ?? '')) throw error;
      await sleep(delays[attempt]);
    }
  }
}

export function oneAtATime<T>(call: () => Promise<T>, delays: readonly number[] = retryDelaysMs): Promise<T> {
  const run = queue.then(
    () => whenNotBusy(call, delays),
    () => whenNotBusy(call, delays),
  );
  queue = run.catch(() => undefined);
  return run;
}

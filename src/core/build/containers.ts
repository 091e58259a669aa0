/**
 * Short-lived containers for probing and verification: unique `layerlens-<purpose>-…` names, labels that
 * say who started them, logs read back, and removal that always happens (force, with volumes) and never
 * throws. When removal cannot happen (the engine was lost), the next run sweeps the leftover.
 */
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import type Docker from 'dockerode';

/** Every container LayerLens starts carries this label (value: its purpose), so leftovers can be found. */
export const containerLabel = 'io.layerlens.purpose';
/** "<host>/<pid>" of the process that started it: a leftover is one whose process is gone. */
export const ownerLabel = 'io.layerlens.owner';
/** A container of another host (a shared remote engine) counts as left over after this long. */
const foreignLeftoverSeconds = 24 * 3600;

/** Names of the containers this process's work is using now: never swept. */
const inUse = new Set<string>();

export function containerName(purpose: string): string {
  return `layerlens-${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Creates a labelled container, lends it to `use`, and removes it whatever happens. */
export async function withContainer<T>(
  docker: Docker,
  purpose: string,
  options: Docker.ContainerCreateOptions & { name: string },
  use: (container: Docker.Container) => Promise<T>,
): Promise<T> {
  inUse.add(options.name);
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      ...options,
      Labels: { ...options.Labels, [containerLabel]: purpose, [ownerLabel]: `${os.hostname()}/${process.pid}` },
    });
    return await use(container);
  } finally {
    if (container) await removeContainer(container);
    inUse.delete(options.name);
  }
}

function ownerGone(owner: string | undefined, createdSeconds: number): boolean {
  const match = /^(.*)\/(\d+)$/.exec(owner ?? '');
  if (!match || match[1] !== os.hostname()) return Date.now() / 1000 - createdSeconds > foreignLeftoverSeconds;
  const pid = Number(match[2]);
  if (pid === process.pid) return true; // ours, and no work of ours uses it (checked first)
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Removes the containers earlier runs left behind (an engine lost mid-verify, a killed process): labelled
 * ones whose process is gone. Returns their names; never throws.
 */
export async function sweepLeftoverContainers(docker: Docker): Promise<string[]> {
  const listed = await docker.listContainers({ all: true, filters: { label: [containerLabel] } }).catch(() => []);
  const swept: string[] = [];
  for (const info of listed) {
    const name = (info.Names?.[0] ?? '').replace(/^\//, '');
    if (inUse.has(name) || !ownerGone(info.Labels?.[ownerLabel], info.Created)) continue;
    await docker
      .getContainer(info.Id)
      .remove({ force: true, v: true })
      .then(
        () => swept.push(name),
        () => undefined,
      );
  }
  return swept;
}

/** Docker's multiplexed log frames (8-byte headers) to text; a TTY log is plain already. */
export function demuxLogs(buffer: Buffer): string {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset + 8 <= buffer.length) {
    const kind = buffer[offset]!;
    const size = buffer.readUInt32BE(offset + 4);
    if (kind > 2 || buffer[offset + 1] !== 0 || offset + 8 + size > buffer.length) return buffer.toString('utf8');
    parts.push(buffer.subarray(offset + 8, offset + 8 + size));
    offset += 8 + size;
  }
  return offset === buffer.length ? Buffer.concat(parts).toString('utf8') : buffer.toString('utf8');
}

export async function containerLogs(container: Docker.Container): Promise<string> {
  try {
    const data = (await container.logs({ stdout: true, stderr: true, follow: false })) as unknown as Buffer;
    return demuxLogs(Buffer.isBuffer(data) ? data : Buffer.from(String(data)));
  } catch {
    return '';
  }
}

export async function removeContainer(container: Docker.Container): Promise<void> {
  await container.remove({ force: true, v: true }).catch(() => undefined);
}

/** Waits for the container to exit, up to `timeoutMs`; null when it did not (it is then killed). */
export async function waitForExit(container: Docker.Container, timeoutMs: number, signal?: AbortSignal): Promise<number | null> {
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => resolve(null), timeoutMs);
  });
  const aborted = new Promise<null>((resolve) => {
    onAbort = () => resolve(null);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
  // The wait may still fail after the timeout or a cancel has won the race: that is not an error then.
  const exited = container.wait().then((r: { StatusCode: number }) => r.StatusCode);
  exited.catch(() => undefined);
  try {
    const result = await Promise.race([exited, timeout, aborted]);
    if (result === null) await container.kill().catch(() => undefined);
    return result;
  } finally {
    clearTimeout(timer);
    if (onAbort) signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Short-lived containers for probing and verification: unique `layerlens-<purpose>-…` names, logs read
 * back, and removal that always happens (force, with volumes) and never throws.
 */
import { randomBytes } from 'node:crypto';
import type Docker from 'dockerode';

/** Every container LayerLens starts carries this label (value: its purpose), so leftovers can be found. */
export const containerLabel = 'io.layerlens.purpose';

export function containerName(purpose: string): string {
  return `layerlens-${purpose}-${process.pid}-${randomBytes(4).toString('hex')}`;
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

/**
 * Push-style byte plumbing for the readers. A sink takes bytes as views (of a socket's reused read buffer,
 * of a tar member's slice) that stay valid until `write` returns, or until the promise it returns settles:
 * whatever it keeps longer, it copies. The promise also tells the writer to wait (backpressure); synchronous
 * sinks return none, so the common path costs no promise, no queue and no copy per chunk.
 */
import type { Duplex, Transform } from 'node:stream';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { cancelledError } from '../../shared/errors';

export interface ByteSink {
  write(bytes: Buffer): void | Promise<void>;
  end(): void | Promise<void>;
  /** Writing failed or was cancelled: release what is held (a decompressor), no `end` will come. */
  abort?(): void;
}

/** A source that pushes into a writer (the engine's socket); it waits on the writer's promises. */
export interface PushSource {
  pipeTo(write: (bytes: Buffer) => void | Promise<void>): Promise<void>;
}

export type ByteSource = AsyncIterable<Uint8Array> | PushSource;

/** Files are read in 1 MiB chunks rather than Node's 64 KiB: a sixteenth of the reads and callbacks. */
export const fileChunkBytes = 1024 * 1024;

/**
 * A source whose chunks are already there (memory, a generator) is iterated in microtasks, which starve
 * timers, IPC and the abort that would cancel the read: the pump lets the event loop turn this often.
 */
export const yieldEveryBytes = 8 * 1024 * 1024;

type Destroyable = { destroy?: (error?: Error) => unknown };

function isPushSource(source: ByteSource): source is PushSource {
  return typeof (source as PushSource).pipeTo === 'function';
}

function toBuffer(chunk: Uint8Array): Buffer {
  return Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
}

/**
 * Feeds every byte of `source` to `sink` and ends it. The signal cancels (destroying a stream source, even
 * one that has stalled); a source or sink failure rejects.
 */
export async function pump(source: ByteSource, sink: ByteSink, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw cancelledError();
  let aborted: (() => void) | undefined;
  const cancelled = new Promise<never>((_, reject) => {
    aborted = () => {
      (source as Destroyable).destroy?.(cancelledError());
      reject(cancelledError());
    };
    signal?.addEventListener('abort', aborted, { once: true });
  });
  cancelled.catch(() => undefined);
  const checkSignal = (): void => {
    if (signal?.aborted) throw cancelledError();
  };
  let sinceYield = 0;
  const write = (bytes: Buffer): void | Promise<void> => {
    checkSignal();
    const wait = sink.write(bytes);
    sinceYield += bytes.length;
    if (sinceYield < yieldEveryBytes) return wait;
    sinceYield = 0;
    return (wait ?? Promise.resolve()).then(() => nextTurn()).then(checkSignal);
  };
  let failed = true;
  try {
    const done = (async () => {
      if (isPushSource(source)) {
        await source.pipeTo(write);
      } else {
        for await (const chunk of source) {
          const wait = write(toBuffer(chunk));
          if (wait) await Promise.race([wait, cancelled]);
        }
      }
      if (signal?.aborted) throw cancelledError();
      await sink.end();
    })();
    await Promise.race([done, cancelled]);
    failed = false;
  } finally {
    if (aborted) signal?.removeEventListener('abort', aborted);
    if (failed) sink.abort?.();
  }
}

/** Counts and reports the bytes passing through. */
export function countingSink(target: ByteSink, onBytes: (bytes: number) => void): ByteSink {
  return {
    write: (bytes) => {
      onBytes(bytes.length);
      return target.write(bytes);
    },
    end: () => target.end(),
    abort: () => target.abort?.(),
  };
}

/**
 * Puts a Node transform (a decompressor) in front of `target`: input is copied into it (it works
 * asynchronously), its output goes to `target` as it comes. Errors of either side reject the next write
 * or the end.
 */
export function streamStage(transform: Transform | Duplex, target: ByteSink): ByteSink {
  let failure: Error | undefined;
  let targetWait: Promise<void> | undefined;
  const fail = (error: unknown): void => {
    failure ??= error instanceof Error ? error : new Error(String(error));
    transform.destroy();
  };
  transform.on('error', fail);
  transform.on('data', (data: Buffer) => {
    if (failure) return;
    try {
      const wait = target.write(data);
      if (wait) {
        transform.pause();
        targetWait = wait.then(
          () => {
            targetWait = undefined;
            transform.resume();
          },
          (error: unknown) => fail(error),
        );
      }
    } catch (error) {
      fail(error);
    }
  });
  const settled = (event: 'drain' | 'end'): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const done = (error?: unknown): void => {
        transform.off(event, onEvent);
        transform.off('error', onError);
        transform.off('close', onClose);
        if (error) reject(error instanceof Error ? error : new Error(String(error)));
        else resolve();
      };
      const onEvent = (): void => done();
      const onError = (error: Error): void => done(failure ?? error);
      const onClose = (): void => done(failure ?? new Error('the decompressor stopped'));
      transform.on(event, onEvent);
      transform.on('error', onError);
      transform.on('close', onClose);
    });
  return {
    write(bytes) {
      if (failure) throw failure;
      return transform.write(Buffer.from(bytes)) ? undefined : settled('drain');
    },
    async end() {
      if (failure) throw failure;
      const ended = settled('end');
      transform.end();
      await ended;
      await targetWait;
      if (failure) throw failure;
      await target.end();
    },
    abort() {
      transform.destroy();
      target.abort?.();
    },
  };
}

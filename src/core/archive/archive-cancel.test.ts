/**
 * Hostile input: long CPU work yields, so that timers, other calls and an abort get
 * through while a big hostile archive is read, and the read ends promptly with the CANCELLED error.
 */
import { describe, expect, it } from 'vitest';
import { readImageArchive } from './archive-reader';
import { indexLayer } from './layer-indexer';
import { chunked, generatedTar, rawTarHeader, zstdZeros } from './test-support';

const gib = 1024 * 1024 * 1024;

/**
 * Starts `read` with a signal, and aborts it from a timer: how late the timer ran, how long the read took
 * to end after the abort, and how it ended. Without yielding, the timer runs only when the read is over.
 */
async function abortFromTimer(read: (signal: AbortSignal) => Promise<unknown>): Promise<{ timerLag: number; afterAbort: number; error: unknown }> {
  const controller = new AbortController();
  const armed = Date.now();
  let abortedAt = 0;
  setTimeout(() => {
    abortedAt = Date.now();
    controller.abort();
  }, 20);
  const error = await read(controller.signal).then(
    () => undefined,
    (e: unknown) => e,
  );
  const ended = Date.now();
  return { timerLag: (abortedAt || ended) - armed - 20, afterAbort: abortedAt ? ended - abortedAt : Number.POSITIVE_INFINITY, error };
}

describe('reading a big hostile archive', () => {
  it('lets timers run and is cancelled promptly while an in-memory source never waits (a 4 GiB layer)', async () => {
    // An archive whose one member is a layer holding a 4 GiB file, generated in memory (never waiting on I/O).
    const layerSize = 4 * gib;
    const innerHeader = rawTarHeader({ name: 'big.bin', size: layerSize - 1536 });
    const source = generatedTar([{ name: 'layer1/layer.tar', size: layerSize, head: innerHeader }]);
    const { timerLag, afterAbort, error } = await abortFromTimer((signal) => readImageArchive(source, { signal }));
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(timerLag).toBeLessThan(1_000);
    expect(afterAbort).toBeLessThan(1_000);
  }, 30_000);

  it('lets timers run and is cancelled promptly inside a zstd bomb (a few KB that decode to 4 GiB)', async () => {
    const size = 4 * gib;
    const bomb = zstdZeros(rawTarHeader({ name: 'zeros.bin', size }), size + 1024);
    expect(bomb.length).toBeLessThan(200_000);
    const { timerLag, afterAbort, error } = await abortFromTimer((signal) => indexLayer(chunked(bomb, bomb.length), { signal }));
    expect(error).toMatchObject({ code: 'CANCELLED' });
    expect(timerLag).toBeLessThan(1_000);
    expect(afterAbort).toBeLessThan(1_000);
  }, 30_000);

  it('decodes a zstd bomb to its end across the pauses when not cancelled', async () => {
    const size = 64 * 1024 * 1024;
    const bomb = zstdZeros(rawTarHeader({ name: 'zeros.bin', size }), size + 1024);
    const result = await indexLayer(chunked(bomb, 4096), { verifyDigests: false });
    expect(result.compression).toBe('zstd');
    expect(result.index.entries.toArray()).toMatchObject([{ path: '/zeros.bin', size }]);
  }, 30_000);
});

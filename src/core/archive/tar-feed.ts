/**
 * Feeding a tar-stream extractor from an async byte source with backpressure, and waiting for it to end.
 * tar-stream is built on streamx, not Node streams, so Node's `pipeline` does not apply; every wait here
 * also ends on the extractor's error or close, so a broken stream can never leave a promise hanging.
 */
import type tar from 'tar-stream';

type Extract = tar.Extract & { destroyed?: boolean };

export function waitForDrain(extract: Extract): Promise<void> {
  return new Promise((resolve, reject) => {
    if (extract.destroyed) {
      reject(new Error('the tar reader stopped'));
      return;
    }
    const done = (error?: Error): void => {
      extract.off('drain', onDrain);
      extract.off('error', onError);
      extract.off('close', onClose);
      if (error) reject(error);
      else resolve();
    };
    const onDrain = (): void => done();
    const onError = (error: Error): void => done(error);
    const onClose = (): void => done(new Error('the tar reader stopped'));
    extract.on('drain', onDrain);
    extract.on('error', onError);
    extract.on('close', onClose);
  });
}

/** Resolves when the extractor has consumed everything and finished; rejects on its error or early close. */
export function waitForFinish(extract: Extract): Promise<void> {
  const promise = new Promise<void>((resolve, reject) => {
    let finished = false;
    extract.on('finish', () => {
      finished = true;
      resolve();
    });
    extract.on('error', (error: Error) => reject(error));
    extract.on('close', () => (finished ? resolve() : reject(new Error('the tar reader stopped'))));
  });
  promise.catch(() => undefined);
  return promise;
}

/** Writes every chunk of `source` into `extract` (waiting when it is full), then ends it and waits. */
export async function feedExtract(
  source: AsyncIterable<Buffer>,
  extract: Extract,
  onChunk?: (chunk: Buffer) => void,
): Promise<void> {
  const finished = waitForFinish(extract);
  for await (const chunk of source) {
    onChunk?.(chunk);
    if (!extract.write(chunk)) await waitForDrain(extract);
  }
  (extract as unknown as { end(): void }).end();
  await finished;
}

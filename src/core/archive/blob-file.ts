/**
 * Files of an OCI layout folder, read as untrusted input: a blob may be a symlink to /dev/zero (read
 * forever) or a FIFO (waited on forever). Only regular files are read: opened without blocking, checked
 * through the open handle (so nothing can be swapped in between the check and the read), and never read
 * past the size they had when opened.
 */
import { constants, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { Readable } from 'node:stream';
import { LayerLensError } from '../../shared/errors';
import { fileChunkBytes } from './byte-sink';

export interface OpenedFile {
  handle: FileHandle;
  size: number;
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string })?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

/** `file` opened for reading; undefined when there is none; ARCHIVE_CORRUPT when it is not a regular file. */
export async function openRegularFile(file: string, what: string): Promise<OpenedFile | undefined> {
  let handle: FileHandle;
  try {
    // Opening a FIFO blocks until a writer comes, unless non-blocking (0 where there is no such flag).
    handle = await fs.open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    if (isMissing(error)) return undefined;
    throw new LayerLensError('ARCHIVE_CORRUPT', `${what} cannot be read: ${(error as Error).message}`, String(error));
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${what} is not a regular file (a device, a FIFO or a folder), so it is not read.`);
    }
    return { handle, size: stat.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** A small regular file's bytes (at most `maxBytes`); undefined when there is none. */
export async function readSmallFile(file: string, what: string, maxBytes: number): Promise<Buffer | undefined> {
  const opened = await openRegularFile(file, what);
  if (!opened) return undefined;
  try {
    if (opened.size > maxBytes) {
      throw new LayerLensError('ARCHIVE_CORRUPT', `${what} is ${opened.size} bytes, more than ${maxBytes >> 20} MB: it is not image metadata.`);
    }
    const data = Buffer.alloc(opened.size);
    let filled = 0;
    while (filled < data.length) {
      const { bytesRead } = await opened.handle.read(data, filled, data.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return data.subarray(0, filled);
  } finally {
    await opened.handle.close();
  }
}

/** The first `size` bytes of an opened file as a stream (it may end sooner if the file shrinks). */
export function boundedStream(opened: OpenedFile, size: number): Readable {
  if (size === 0) return Readable.from([]);
  return opened.handle.createReadStream({ start: 0, end: size - 1, highWaterMark: fileChunkBytes, autoClose: false });
}

/**
 * Layer blob compression: sniffed from the first bytes (the media type is not always known, and is not
 * always right), decompressed as a stream with backpressure. eStargz layers are gzip with one member per
 * file; zlib's gunzip reads concatenated members.
 */
import { Duplex, PassThrough, type Transform } from 'node:stream';
import zlib from 'node:zlib';
import { Decompress } from 'fzstd';
import { streamStage, type ByteSink } from './byte-sink';
import type { Compression } from './model';

const gzipMagic = [0x1f, 0x8b];
const zstdMagic = [0x28, 0xb5, 0x2f, 0xfd];

/** Bytes needed to tell the compressions apart. */
export const sniffLength = 4;

function startsWith(head: Uint8Array, magic: number[]): boolean {
  return head.length >= magic.length && magic.every((byte, i) => head[i] === byte);
}

export function sniffCompression(head: Uint8Array): Compression {
  if (startsWith(head, gzipMagic)) return 'gzip';
  if (startsWith(head, zstdMagic)) return 'zstd';
  return 'none';
}

/**
 * fzstd decodes every complete block of an input chunk at once, so output can only be bounded by feeding
 * it small slices and checking the reader in between. 4 KiB slices for ordinary data; 64-byte slices once
 * the data expands more than 64 times (runs of zeros: a 4-byte RLE block is 128 KiB of output), which keeps
 * a decompression bomb to about 2 MiB per step.
 */
const zstdSlice = 4 * 1024;
const zstdSmallSlice = 64;
const zstdHighRatio = 64;
/**
 * fzstd is synchronous and a reader that keeps up takes every block at once, so a small input can decode to
 * gigabytes in one call (a zstd bomb): after this much output the decoder lets the event loop turn, so that
 * timers and an abort get through.
 */
const zstdYieldBytes = 16 * 1024 * 1024;

/**
 * fzstd's streaming decoder as a Node stream. Output is pushed block by block; when the reader is behind,
 * the rest of the current input chunk waits until `_read` asks for more.
 */
export class ZstdDecompressStream extends Duplex {
  private readonly decoder: Decompress;
  private waiting: (() => void) | undefined;
  private pushFailed = false;
  private inputSinceOutput = 0;
  private outputSinceYield = 0;
  // Until the first output shows how much this data expands, assume the worst.
  private ratio = Number.POSITIVE_INFINITY;

  constructor() {
    super();
    this.decoder = new Decompress((data) => {
      if (data.length === 0) return;
      this.ratio = data.length / Math.max(1, this.inputSinceOutput);
      this.inputSinceOutput = 0;
      this.outputSinceYield += data.length;
      if (!this.push(Buffer.from(data))) this.pushFailed = true;
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    let offset = 0;
    const step = (): void => {
      if (this.destroyed) return;
      try {
        while (offset < chunk.length) {
          // First, whether entered from a write, from the reader asking for more or from the last pause:
          // a reader that asks in process.nextTick would otherwise keep the loop from ever turning.
          if (this.outputSinceYield >= zstdYieldBytes) {
            this.outputSinceYield = 0;
            setImmediate(step);
            return;
          }
          const slice = this.ratio > zstdHighRatio ? zstdSmallSlice : zstdSlice;
          const end = Math.min(offset + slice, chunk.length);
          this.inputSinceOutput += end - offset;
          this.decoder.push(chunk.subarray(offset, end));
          offset = end;
          if (this.pushFailed && offset < chunk.length) {
            this.pushFailed = false;
            this.waiting = step;
            return;
          }
        }
      } catch (error) {
        callback(zstdError(error));
        return;
      }
      if (this.pushFailed) {
        // The reader is behind: accept the next chunk only when it asks for more.
        this.pushFailed = false;
        this.waiting = () => callback();
        return;
      }
      callback();
    };
    step();
  }

  override _final(callback: (error?: Error | null) => void): void {
    try {
      this.decoder.push(new Uint8Array(0), true);
    } catch (error) {
      callback(zstdError(error));
      return;
    }
    this.push(null);
    callback();
  }

  override _read(): void {
    const waiting = this.waiting;
    this.waiting = undefined;
    waiting?.();
  }
}

function zstdError(error: unknown): Error {
  const message = error instanceof Error ? error.message : String(error);
  return new Error(`zstd: ${message}`);
}

/** A stream that decompresses `compression` (a pass-through for uncompressed data). */
export function createDecompressor(compression: Compression): Transform | Duplex {
  switch (compression) {
    case 'gzip':
      return zlib.createGunzip();
    case 'zstd':
      return new ZstdDecompressStream();
    case 'none':
      return new PassThrough();
  }
}

/**
 * A sink that sniffs the compression from the first bytes and decompresses into `target` (straight
 * through, with no copy, when the data is plain). `sniffed` hears the compression once it is known.
 */
export function decompressingSink(target: ByteSink, sniffed?: (compression: Compression) => void): ByteSink {
  const head: Buffer[] = [];
  let headLength = 0;
  let stage: ByteSink | undefined;
  const choose = (first: Buffer): ByteSink => {
    const compression = sniffCompression(first);
    sniffed?.(compression);
    stage = compression === 'none' ? target : streamStage(createDecompressor(compression), target);
    return stage;
  };
  const flushHead = (): void | Promise<void> => {
    const first = Buffer.concat(head);
    const chosen = choose(first);
    return first.length > 0 ? chosen.write(first) : undefined;
  };
  return {
    write(bytes) {
      if (stage) return stage.write(bytes);
      if (headLength === 0 && bytes.length >= sniffLength) return choose(bytes).write(bytes);
      head.push(Buffer.from(bytes));
      headLength += bytes.length;
      return headLength >= sniffLength ? flushHead() : undefined;
    },
    end() {
      if (stage) return stage.end();
      const wait = flushHead();
      return wait ? wait.then(() => stage!.end()) : stage!.end();
    },
    abort: () => (stage ?? target).abort?.(),
  };
}

/**
 * Test helpers for the archive readers (imported by tests only): real tars built with tar-stream, members
 * read out of archives, zstd through the zstd CLI (an encoder independent of the decoder).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';

export interface TarMember {
  name: string;
  type?: tar.Header['type'];
  content?: Buffer | string;
  linkname?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

export function packTar(members: TarMember[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    pack.on('data', (chunk) => chunks.push(chunk as Buffer));
    pack.on('end', () => resolve(Buffer.concat(chunks)));
    pack.on('error', reject);
  });
  for (const member of members) {
    const { content, ...header } = member;
    const data = Buffer.from(content ?? '');
    const entry = { type: 'file' as const, mode: 0o644, mtime: new Date(0), ...header };
    if (entry.type === 'file') pack.entry({ ...entry, size: data.length }, data);
    else pack.entry({ ...entry, size: 0 });
  }
  pack.finalize();
  return done;
}

/** One member of a tar file, read into memory (small fixtures only). */
export async function tarMember(file: string, name: string): Promise<Buffer> {
  const extract = tar.extract();
  let found: Buffer | undefined;
  const done = new Promise<void>((resolve, reject) => {
    extract.on('entry', (header, stream, next) => {
      const parts: Buffer[] = [];
      stream.on('data', (d) => parts.push(d as Buffer));
      stream.on('end', () => {
        if (header.name === name) found = Buffer.concat(parts);
        next();
      });
    });
    extract.on('finish', () => resolve());
    extract.on('error', reject);
  });
  createReadStream(file).pipe(extract as unknown as NodeJS.WritableStream);
  await done;
  if (!found) throw new Error(`${name} is not in ${file}`);
  return found;
}

export function zstdCompress(data: Buffer): Buffer {
  const result = spawnSync('zstd', ['-q', '-c', '-3'], { input: data, maxBuffer: 1024 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`zstd failed: ${result.stderr.toString()}`);
  return result.stdout;
}

export function gzip(data: Buffer): Buffer {
  return zlib.gzipSync(data);
}

/** A source that yields `data` in chunks of `size` bytes. */
export function chunked(data: Buffer, size = 4096): Readable {
  const parts: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) parts.push(data.subarray(i, i + size));
  return Readable.from(parts);
}

export async function tempDir(prefix = 'layerlens-archive-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export interface RawHeaderFields {
  name: string;
  /** The typeflag character; default "0". */
  type?: string;
  size?: number;
  /** Write the size in base-256 (GNU), as for files of 8 GiB and more. */
  base256Size?: boolean;
  mode?: number;
  uid?: number;
  gid?: number;
  linkname?: string;
  /** "ustar" (POSIX, the default), "gnu" or "v7" (no magic). */
  format?: 'ustar' | 'gnu' | 'v7';
  prefix?: string;
  /** Store the checksum as the signed byte sum (some old tars did). */
  signedChecksum?: boolean;
}

/**
 * One tar header block written byte by byte, for the cases tar writers do not produce on purpose (crafted
 * PAX and GNU headers, odd typeflags, base-256 numbers). Independent of the reader it tests.
 */
export function rawTarHeader(fields: RawHeaderFields): Buffer {
  const block = Buffer.alloc(512);
  const octal = (value: number, start: number, length: number): void => {
    block.write(value.toString(8).padStart(length - 1, '0') + '\0', start, 'latin1');
  };
  block.write(fields.name, 0, 100, 'utf8');
  octal(fields.mode ?? 0o644, 100, 8);
  octal(fields.uid ?? 0, 108, 8);
  octal(fields.gid ?? 0, 116, 8);
  const size = fields.size ?? 0;
  if (fields.base256Size) {
    block[124] = 0x80;
    for (let i = 0, value = size; i < 11; i++, value = Math.floor(value / 256)) block[135 - i] = value % 256;
  } else {
    octal(size, 124, 12);
  }
  octal(0, 136, 12);
  block.write(fields.type ?? '0', 156, 1, 'latin1');
  block.write(fields.linkname ?? '', 157, 100, 'utf8');
  const format = fields.format ?? 'ustar';
  if (format === 'ustar') block.write('ustar\x0000', 257, 'latin1');
  if (format === 'gnu') block.write('ustar  \x00', 257, 'latin1');
  if (fields.prefix) block.write(fields.prefix, 345, 155, 'utf8');
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += fields.signedChecksum && byte > 127 ? byte - 256 : byte;
  block.write((sum >>> 0).toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

/** PAX extended header data: "<length> <key>=<value>\n" records, the length counting itself, in bytes. */
export function paxRecords(records: Record<string, string>): Buffer {
  return Buffer.concat(
    Object.entries(records).map(([key, value]) => {
      const body = ` ${key}=${value}\n`;
      const bodyLength = Buffer.byteLength(body);
      let length = bodyLength + 1;
      while (String(length).length + bodyLength !== length) length++;
      return Buffer.from(`${length}${body}`);
    }),
  );
}

/** A member's data padded to whole blocks. */
export function tarData(data: Buffer | string): Buffer {
  const bytes = Buffer.from(data);
  return Buffer.concat([bytes, Buffer.alloc((512 - (bytes.length % 512)) % 512)]);
}

/** A member with its header and data. */
export function rawTarMember(fields: RawHeaderFields, data: Buffer | string = ''): Buffer {
  const bytes = Buffer.from(data);
  return Buffer.concat([rawTarHeader({ size: bytes.length, ...fields }), tarData(bytes)]);
}

export const tarEndMarker = Buffer.alloc(1024);

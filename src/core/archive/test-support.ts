/**
 * Test helpers for the archive readers (imported by tests only): real tars built with tar-stream, members
 * read out of the dive archives, zstd through the zstd CLI (an encoder independent of the decoder).
 */
import { spawnSync } from 'node:child_process';
import { createReadStream, promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import zlib from 'node:zlib';
import tar from 'tar-stream';

export const diveArchivesDir = path.resolve(import.meta.dirname, '../../../../shared/fixtures/dive-archives');

export function diveArchive(name: string): string {
  return path.join(diveArchivesDir, name);
}

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

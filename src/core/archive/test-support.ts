/**
 * Test helpers for the archive readers (imported by tests only): real tars built with tar-stream, members
 * read out of archives, zstd through the zstd CLI (an encoder independent of the decoder).
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
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

export function sha256Of(data: Buffer | string): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

/** Where an OCI layout keeps the blob of a digest. */
export function blobPath(digest: string): string {
  return `blobs/${digest.replace(':', '/')}`;
}

export const mediaTypes = {
  index: 'application/vnd.oci.image.index.v1+json',
  manifest: 'application/vnd.oci.image.manifest.v1+json',
  config: 'application/vnd.oci.image.config.v1+json',
  layer: 'application/vnd.oci.image.layer.v1.tar',
  layerGzip: 'application/vnd.oci.image.layer.v1.tar+gzip',
} as const;

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

export interface Blob {
  descriptor: Descriptor;
  member: TarMember;
}

/** A blob of an OCI layout: bytes as given, anything else as JSON. */
export function ociBlob(content: Buffer | object, mediaType: string): Blob {
  const data = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content));
  const digest = sha256Of(data);
  return { descriptor: { mediaType, digest, size: data.length }, member: { name: blobPath(digest), content: data } };
}

/** An image config for these layer tars, as `docker build` writes it. */
export function imageConfig(layerTars: Buffer[], architecture = 'amd64'): object {
  return {
    architecture,
    os: 'linux',
    config: { Env: ['PATH=/usr/bin'], Cmd: ['sh'], WorkingDir: '/' },
    rootfs: { type: 'layers', diff_ids: layerTars.map((tar) => sha256Of(tar)) },
    history: layerTars.map((_tar, i) => ({ created_by: `RUN step ${i}` })),
  };
}

/** The blobs of one image (config, layers, manifest; layers gzipped when asked) and its manifest's blob. */
export function ociImage(layerTars: Buffer[], options: { gzip?: boolean; architecture?: string } = {}): { blobs: Blob[]; manifest: Blob } {
  const config = ociBlob(imageConfig(layerTars, options.architecture), mediaTypes.config);
  const layers = layerTars.map((tar) => (options.gzip ? ociBlob(gzip(tar), mediaTypes.layerGzip) : ociBlob(tar, mediaTypes.layer)));
  const manifest = ociBlob(
    { schemaVersion: 2, mediaType: mediaTypes.manifest, config: config.descriptor, layers: layers.map((l) => l.descriptor) },
    mediaTypes.manifest,
  );
  return { blobs: [config, ...layers, manifest], manifest };
}

/** The members of an OCI layout: the blobs, then index.json listing `top`, and oci-layout. */
export function ociLayoutMembers(blobs: Blob[], top: Descriptor[]): TarMember[] {
  return [
    ...blobs.map((b) => b.member),
    { name: 'index.json', content: JSON.stringify({ schemaVersion: 2, mediaType: mediaTypes.index, manifests: top }) },
    { name: 'oci-layout', content: '{"imageLayoutVersion":"1.0.0"}' },
  ];
}

/** The members of a legacy `docker save` of an image with these layer tars. */
export function dockerSaveMembers(layerTars: Buffer[], repoTag = 'hostile:1'): TarMember[] {
  const config = Buffer.from(JSON.stringify(imageConfig(layerTars)));
  const configName = `${sha256Of(config).slice('sha256:'.length)}.json`;
  const layerNames = layerTars.map((_tar, i) => `layer${i}/layer.tar`);
  return [
    ...layerTars.map((tar, i) => ({ name: layerNames[i], content: tar })),
    { name: configName, content: config },
    { name: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: [repoTag], Layers: layerNames }]) },
  ];
}

/** Writes members as files (and symlinks) under `dir`, as an OCI layout folder holds them. */
export async function writeMembers(dir: string, members: TarMember[]): Promise<void> {
  for (const member of members) {
    const file = path.join(dir, member.name);
    await fs.mkdir(path.dirname(file), { recursive: true });
    if (member.type === 'symlink') await fs.symlink(member.linkname ?? '', file);
    else await fs.writeFile(file, Buffer.from(member.content ?? ''));
  }
}

export interface GeneratedFile {
  name: string;
  size: number;
  /** The file's first bytes; the rest is `fill`. */
  head?: Buffer;
  fill?: number;
}

/**
 * A tar generated as it is read, in 1 MiB chunks of one reused buffer: files of any size without holding
 * them. It never waits on I/O, as a hostile in-memory source would not.
 */
export async function* generatedTar(files: GeneratedFile[]): AsyncGenerator<Buffer> {
  const chunk = Buffer.alloc(1024 * 1024);
  for (const file of files) {
    yield rawTarHeader({ name: file.name, size: file.size });
    const head = file.head ?? Buffer.alloc(0);
    if (head.length > 0) yield head;
    chunk.fill(file.fill ?? 0);
    for (let left = file.size - head.length; left > 0; left -= chunk.length) yield chunk.subarray(0, Math.min(left, chunk.length));
    yield Buffer.alloc((512 - (file.size % 512)) % 512);
  }
  yield tarEndMarker;
}

/**
 * A zstd frame of `prefix` then `zeros` zero bytes, written block by block (raw, then 4-byte RLE blocks
 * of 128 KiB): a few KB that decode to gigabytes, as a zstd bomb does.
 */
export function zstdZeros(prefix: Buffer, zeros: number): Buffer {
  const blockMax = 128 * 1024;
  const blockHeader = (last: boolean, type: number, size: number): Buffer => {
    const value = (last ? 1 : 0) | (type << 1) | (size << 3);
    return Buffer.from([value & 0xff, (value >> 8) & 0xff, (value >> 16) & 0xff]);
  };
  // Magic, then a frame header with no content size and a 128 KiB window (2^(10+7)).
  const parts = [Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0x00, 0x38]), blockHeader(zeros === 0, 0, prefix.length), prefix];
  for (let left = zeros; left > 0; left -= blockMax) {
    const size = Math.min(left, blockMax);
    parts.push(blockHeader(left <= blockMax, 1, size), Buffer.from([0]));
  }
  return Buffer.concat(parts);
}

/**
 * Hostile layer tars for the hardening tests, written byte by byte: names that are not UTF-8 (which
 * `rawTarHeader` and tar writers cannot produce, as they take names as text) and directory chains deeper
 * than any call stack. `imageFromLayerTars` indexes them with the real layer indexer.
 */
import { indexLayer } from '../src/core/archive/layer-indexer';
import type { LoadedImage } from '../src/core/archive/model';
import { chunked, rawTarHeader, rawTarMember, tarData, tarEndMarker, type RawHeaderFields } from '../src/core/archive/test-support';
import { buildImage, layer } from '../src/core/analysis/testing/image-builder';

function withChecksum(block: Buffer): Buffer {
  block.fill(0x20, 148, 156);
  let sum = 0;
  for (const byte of block) sum += byte;
  block.write(sum.toString(8).padStart(6, '0') + '\0 ', 148, 'latin1');
  return block;
}

/** A member whose name field holds `name`'s bytes as they are (at most 100). */
export function rawNameMember(name: Buffer, data: Buffer | string = '', fields: Omit<RawHeaderFields, 'name'> = {}): Buffer {
  if (name.length > 100) throw new Error('a name field holds 100 bytes: use paxPathMember');
  const bytes = Buffer.from(data);
  const header = rawTarHeader({ size: bytes.length, ...fields, name: '' });
  name.copy(header, 0);
  return Buffer.concat([withChecksum(header), tarData(bytes)]);
}

/** A PAX extended header whose records' values are raw bytes ("<length> <key>=<value>\n"). */
export function rawPaxMember(records: Record<string, Buffer>): Buffer {
  const data = Buffer.concat(
    Object.entries(records).map(([key, value]) => {
      const body = Buffer.concat([Buffer.from(` ${key}=`), value, Buffer.from('\n')]);
      let length = body.length + 1;
      while (String(length).length + body.length !== length) length++;
      return Buffer.concat([Buffer.from(String(length)), body]);
    }),
  );
  return rawTarMember({ name: 'PaxHeaders/x', type: 'x' }, data);
}

/** A member named by a PAX `path` record (any length, any bytes), its header name a short stand-in. */
export function paxPathMember(path: Buffer, data: Buffer | string = '', fields: Omit<RawHeaderFields, 'name'> = {}): Buffer {
  return Buffer.concat([rawPaxMember({ path }), rawTarMember({ ...fields, name: 'stand-in' }, data)]);
}

/** A layer tar of these members and the end marker. */
export function layerTar(...members: Buffer[]): Buffer {
  return Buffer.concat([...members, tarEndMarker]);
}

/** "d/d/…/d" `depth` components deep (the deepest directory of a chain). */
export function chainPath(depth: number, name = 'd'): string {
  return Array.from({ length: depth }, () => name).join('/');
}

/** Indexes each tar as a layer (bottom first) and stacks them into an image. */
export async function imageFromLayerTars(tars: Buffer[]): Promise<LoadedImage> {
  const specs = [];
  for (const [i, tar] of tars.entries()) {
    const { index } = await indexLayer(chunked(tar, 64 * 1024), { name: `layer ${i}` });
    specs.push(layer(`/bin/sh -c #(nop) COPY layer${i} /`, index.entries, index.captured));
  }
  return buildImage(specs);
}

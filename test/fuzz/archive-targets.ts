/**
 * Fuzz targets of the archive readers: a legacy `docker save` and an OCI archive with gzip layers (read as
 * a tar, plain or gzipped whole, and as an OCI layout folder), mutated member by member (a JSON field of
 * another type, a layer's tar mutated and compressed again, members dropped, duplicated, renamed, linked
 * to /dev/zero) and then byte by byte.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { readImageArchive } from '../../src/core/archive/archive-reader';
import { readOciLayoutDir } from '../../src/core/archive/oci-dir-reader';
import {
  chunked,
  dockerSaveMembers,
  gzip,
  ociImage,
  ociLayoutMembers,
  packTar,
  tempDir,
  writeMembers,
  type TarMember,
} from '../../src/core/archive/test-support';
import { mutateBytes, swapJsonField, type FuzzTarget, type Prng } from './engine';

async function seedImages(): Promise<TarMember[][]> {
  const base = await packTar([
    { name: 'etc/', type: 'directory', mode: 0o755 },
    { name: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
    { name: 'srv/app/package-lock.json', content: '{"lockfileVersion":3,"packages":{}}' },
    { name: 'bin/sh', type: 'symlink', linkname: '/bin/busybox' },
    { name: 'bin/ash', type: 'link', linkname: 'bin/sh' },
  ]);
  const top = await packTar([
    { name: 'srv/app/.wh.old', content: '' },
    { name: 'srv/app/server.js', content: 'console.log("hi")\n'.repeat(20) },
  ]);
  const oci = ociImage([base, top], { gzip: true });
  return [dockerSaveMembers([base, top]), ociLayoutMembers(oci.blobs, [oci.manifest.descriptor])];
}

function contentOf(member: TarMember): Buffer {
  return Buffer.from(member.content ?? '');
}

function gunzipOrNot(data: Buffer): Buffer | undefined {
  try {
    return zlib.gunzipSync(data);
  } catch {
    return undefined; // already mutated past reading
  }
}

/** One member-level change; the members are copied, never changed. */
function mutateMember(members: TarMember[], rng: Prng): TarMember[] {
  const out = [...members];
  if (out.length === 0) return out;
  const i = rng.int(out.length);
  const member = out[i];
  const content = contentOf(member);
  switch (rng.int(6)) {
    case 0: {
      // A JSON field of another type.
      let value: unknown;
      try {
        value = JSON.parse(content.toString('utf8'));
      } catch {
        break;
      }
      out[i] = { ...member, content: JSON.stringify(swapJsonField(value, rng)) };
      break;
    }
    case 1: {
      // The tar inside a gzip layer mutated and compressed again, so that it gets past the gzip check.
      const plain = content[0] === 0x1f && content[1] === 0x8b ? gunzipOrNot(content) : undefined;
      out[i] = { ...member, content: plain ? gzip(mutateBytes(plain, rng)) : mutateBytes(content, rng) };
      break;
    }
    case 2:
      out.splice(i, 1);
      break;
    case 3:
      out.splice(rng.int(out.length + 1), 0, { ...member });
      break;
    case 4:
      out[i] = { ...member, name: rng.pick(members).name };
      break;
    default:
      out[i] = { name: member.name, type: 'symlink', linkname: rng.pick(['/dev/zero', '../index.json', member.name, '/etc/passwd']) };
  }
  return out;
}

function mutateMembers(members: TarMember[], rng: Prng): TarMember[] {
  let out = members;
  for (let n = rng.int(3); n > 0; n--) out = mutateMember(out, rng);
  return out;
}

export interface ArchiveTargets {
  targets: FuzzTarget<unknown>[];
  dispose(): Promise<void>;
}

export async function archiveTargets(): Promise<ArchiveTargets> {
  const images = await seedImages();
  const work = await tempDir('layerlens-fuzz-');
  let dirs = 0;

  const archive: FuzzTarget<{ bytes: Buffer; chunk: number }> = {
    name: 'archive tar',
    async generate(rng) {
      const members = mutateMembers(rng.pick(images), rng);
      let bytes = await packTar(members.filter((m) => m.type !== 'symlink' || rng.chance(0.5)));
      if (rng.chance(0.2)) bytes = gzip(bytes);
      if (rng.chance(0.7)) bytes = mutateBytes(bytes, rng);
      return { bytes, chunk: rng.pick([1, 7, 512, 4096, 65536, bytes.length || 1]) };
    },
    run: ({ bytes, chunk }) => readImageArchive(chunked(bytes, chunk)),
  };

  const layout: FuzzTarget<TarMember[]> = {
    name: 'OCI layout folder',
    generate(rng) {
      const members = [...mutateMembers(images[1], rng)];
      // Byte-level changes to one file of the folder.
      if (rng.chance(0.5) && members.length > 0) {
        const i = rng.int(members.length);
        if (members[i].type !== 'symlink') members[i] = { ...members[i], content: mutateBytes(contentOf(members[i]), rng) };
      }
      return members;
    },
    async run(members) {
      const dir = path.join(work, `layout-${++dirs}`);
      try {
        // A member whose path a previous one made a file (a renamed blob) cannot be written: that is not the reader's to judge.
        await writeMembers(dir, members).catch(() => undefined);
        return await readOciLayoutDir(dir);
      } finally {
        await fs.rm(dir, { recursive: true, force: true });
      }
    },
  };

  return {
    targets: [archive, layout] as FuzzTarget<unknown>[],
    dispose: () => fs.rm(work, { recursive: true, force: true }),
  };
}

/**
 * The build context as a tar stream, filtered by .dockerignore exactly as Docker does
 * (@balena/dockerignore is a port of Docker's matcher). Like the docker CLI, the Dockerfile and
 * .dockerignore are always sent (the daemon drops them again when they are ignored), entries are owned by
 * 0:0, and an ignored directory is still walked when an exception (`!rule`) could re-include something in it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import tar from 'tar-stream';
import { cancelledError } from '../../shared/errors';
import { listContextEntries } from '../fs/context-entries';

export interface ContextOptions {
  contextDir: string;
  /** The Dockerfile's name inside the context (posix), always included. */
  dockerfile: string;
  /** Content for the Dockerfile entry instead of the file on disk (e.g. a proposed Dockerfile.lean). */
  dockerfileContent?: string;
  /** .dockerignore rules to apply; default: the context's own .dockerignore. */
  ignoreRules?: string | null;
  signal?: AbortSignal;
}

/** The context as a tar stream; the Dockerfile entry may come from `dockerfileContent`. */
export function createContextTar(options: ContextOptions): Readable {
  const pack = tar.pack();
  const dockerfile = options.dockerfile.replace(/^\.\//, '');
  const feed = async () => {
    const entries = await listContextEntries(options);
    if (options.dockerfileContent !== undefined && !entries.some((e) => e.name === dockerfile)) entries.push({ name: dockerfile, type: 'file' });
    for (const entry of entries) {
      // The reader let go (the engine answered before it read the whole context): stop reading files.
      if (stopped) return;
      if (options.signal?.aborted) throw cancelledError();
      const full = path.join(options.contextDir, entry.name);
      const owner = { uid: 0, gid: 0, uname: '', gname: '' };
      if (entry.name === dockerfile && options.dockerfileContent !== undefined) {
        const body = Buffer.from(options.dockerfileContent);
        await add(pack, { name: entry.name, type: 'file', size: body.length, mode: 0o644, mtime: new Date(), ...owner }, body);
        continue;
      }
      const stat = await fs.promises.lstat(full);
      if (entry.type === 'directory') {
        await add(pack, { name: entry.name, type: 'directory', mode: stat.mode & 0o7777, mtime: stat.mtime, ...owner });
      } else if (entry.type === 'symlink') {
        await add(pack, {
          name: entry.name,
          type: 'symlink',
          linkname: await fs.promises.readlink(full),
          mode: stat.mode & 0o7777,
          mtime: stat.mtime,
          ...owner,
        });
      } else {
        await new Promise<void>((resolve, reject) => {
          const sink = pack.entry(
            { name: entry.name, type: 'file', size: stat.size, mode: stat.mode & 0o7777, mtime: stat.mtime, ...owner },
            (error) => (error ? reject(error) : resolve()),
          );
          const source = fs.createReadStream(full);
          source.on('error', reject);
          source.pipe(sink);
        });
      }
    }
    pack.finalize();
  };
  let stopped = false;
  const stream = Readable.from(pack, { objectMode: false });
  stream.once('close', () => {
    stopped = true;
    if (!pack.destroyed) pack.destroy();
  });
  feed().catch((error: unknown) => {
    // After the reader let go, a file that vanished meanwhile is nobody's error.
    if (!stopped) pack.destroy(error instanceof Error ? error : new Error(String(error)));
  });
  return stream;
}

function add(pack: tar.Pack, header: Parameters<tar.Pack['entry']>[0], body?: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (body) pack.entry(header, body, done);
    else pack.entry(header, done);
  });
}

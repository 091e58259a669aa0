/**
 * Writing a file so that readers see the old file or the whole new one, never half of it: a temp file
 * beside the target, then rename — or, with `noClobber`, a hard link that fails if the target appeared
 * meanwhile, so a file the user owns is never replaced.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

export interface AtomicWriteOptions {
  mode?: number;
  /** Keep an existing target: answer 'exists' instead of replacing it. */
  noClobber?: boolean;
}

export type AtomicWriteResult = 'written' | 'exists';

function tempBeside(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
}

function place(temp: string, file: string, noClobber: boolean | undefined): AtomicWriteResult {
  if (!noClobber) {
    fs.renameSync(temp, file);
    return 'written';
  }
  try {
    fs.linkSync(temp, file);
    return 'written';
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return 'exists';
    throw error;
  }
}

export function writeFileAtomicSync(target: string, data: string | Uint8Array, options: AtomicWriteOptions = {}): AtomicWriteResult {
  const file = path.resolve(target);
  const temp = tempBeside(file);
  try {
    fs.writeFileSync(temp, data, { flag: 'wx', mode: options.mode ?? 0o644 });
    return place(temp, file, options.noClobber);
  } finally {
    fs.rmSync(temp, { force: true });
  }
}

export async function writeFileAtomic(
  target: string,
  /** The bytes, or a stream of them (a big file need not be in memory whole). */
  data: string | Uint8Array | AsyncIterable<string | Uint8Array>,
  options: AtomicWriteOptions = {},
): Promise<AtomicWriteResult> {
  const file = path.resolve(target);
  const temp = tempBeside(file);
  try {
    const handle = await fs.promises.open(temp, 'wx', options.mode ?? 0o644);
    try {
      await fs.promises.writeFile(handle, data);
      await handle.sync();
    } finally {
      await handle.close();
    }
    return place(temp, file, options.noClobber);
  } finally {
    await fs.promises.rm(temp, { force: true });
  }
}

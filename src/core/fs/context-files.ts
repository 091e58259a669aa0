/**
 * Files of a build context read as Docker reads them: regular files inside the context only. A symlink may
 * point elsewhere inside the context, never out of it (a Dockerfile linked to /proc/self/environ must not
 * reach an error message); FIFOs, devices and oversized files are refused with what they are. Errors name
 * the file and the problem, never its contents.
 */
import fs from 'node:fs';
import path from 'node:path';
import { LayerLensError } from '../../shared/errors';

export interface ContextFileOptions {
  /** What the file is, for messages ("the Dockerfile", "package.json"). */
  what: string;
  /** The most bytes read; a larger file is refused (default 4 MiB). */
  maxBytes?: number;
}

const defaultMaxBytes = 4 * 1024 * 1024;

function kindOf(stat: fs.Stats): string {
  if (stat.isDirectory()) return 'a folder';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice() || stat.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function isInside(root: string, target: string): boolean {
  const relative = path.relative(root, target);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** The real path of `relative` in the context, checked to stay inside it; null when there is no such entry. */
export function resolveInContext(contextDir: string, relative: string, what: string): string | null {
  const root = fs.realpathSync(contextDir);
  const lexical = path.resolve(root, relative);
  if (!isInside(root, lexical)) {
    throw new LayerLensError('INVALID_ARGUMENT', `${what} (${relative}) is outside the build context ${contextDir}: Docker cannot read it either.`);
  }
  let real: string;
  try {
    real = fs.realpathSync(lexical);
  } catch {
    if (fs.lstatSync(lexical, { throwIfNoEntry: false })?.isSymbolicLink()) {
      throw new LayerLensError('INVALID_ARGUMENT', `${what} (${relative}) is a symlink to nothing.`);
    }
    return null;
  }
  if (!isInside(root, real)) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `${what} (${relative}) is a symlink that leaves the build context; LayerLens, like Docker, reads only files inside it.`,
    );
  }
  return real;
}

/**
 * A text file of the context, or null when it does not exist. Regular files only, at most `maxBytes`;
 * opened without blocking, so a FIFO cannot hang the read.
 */
export function readContextFile(contextDir: string, relative: string, options: ContextFileOptions): string | null {
  const real = resolveInContext(contextDir, relative, options.what);
  if (real === null) return null;
  const max = options.maxBytes ?? defaultMaxBytes;
  let fd: number;
  try {
    fd = fs.openSync(real, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | fs.constants.O_NOFOLLOW);
  } catch (error) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `${options.what} (${relative}) cannot be read: ${(error as NodeJS.ErrnoException).code ?? 'error'}.`,
    );
  }
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) throw new LayerLensError('INVALID_ARGUMENT', `${options.what} (${relative}) is ${kindOf(stat)}, not a file.`);
    if (stat.size > max) {
      throw new LayerLensError(
        'INVALID_ARGUMENT',
        `${options.what} (${relative}) is ${stat.size} bytes; LayerLens reads at most ${max} bytes of it.`,
      );
    }
    const buffer = Buffer.alloc(Math.min(stat.size, max) + 1);
    let length = 0;
    for (;;) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, null);
      if (read === 0) break;
      length += read;
      if (length > max) {
        throw new LayerLensError('INVALID_ARGUMENT', `${options.what} (${relative}) grew past ${max} bytes while being read.`);
      }
    }
    return buffer.subarray(0, length).toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** The context's JSON file, or null when absent; a malformed one is an error that says so (not "no project"). */
export function readContextJson<T>(contextDir: string, relative: string, what: string): T | null {
  const text = readContextFile(contextDir, relative, { what });
  if (text === null) return null;
  try {
    return JSON.parse(text) as T;
  } catch (error) {
    throw new LayerLensError('INVALID_ARGUMENT', `${what} (${relative}) is not valid JSON${jsonErrorPlace(text, (error as Error).message)}.`);
  }
}

/** Where JSON.parse gave up, as a line (and column when known); its message may quote the text, so it is not passed on. */
function jsonErrorPlace(text: string, message: string): string {
  const position = /at position (\d+)/.exec(message)?.[1];
  if (position !== undefined) {
    const before = text.slice(0, Number(position));
    return ` (line ${before.split('\n').length}, column ${before.length - before.lastIndexOf('\n')})`;
  }
  // V8's other form quotes the text around the error (up to 10 characters before it): find that piece.
  const quoted = /"(\.\.\.)?([\s\S]*?)(?:\.\.\.)?" is not valid JSON/.exec(message);
  const piece = quoted?.[2];
  const at = piece ? text.lastIndexOf(piece) : -1;
  if (at === -1) return '';
  const errorAt = at + (quoted![1] ? Math.min(10, piece!.length - 1) : 0);
  return ` (near line ${text.slice(0, errorAt + 1).split('\n').length})`;
}

/** Whether an entry exists in the context (inside it, any type). */
export function existsInContext(contextDir: string, relative: string): boolean {
  try {
    return resolveInContext(contextDir, relative, relative) !== null;
  } catch {
    return false;
  }
}

/** Serves the built renderer; paths are resolved inside the root only, symlinks included. */
import fs from 'node:fs';
import path from 'node:path';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
};

export interface StaticFile {
  filePath: string;
  contentType: string;
}

/** The file for a URL path, or undefined; unknown paths fall back to index.html (client-side routes). */
export function resolveStatic(root: string, urlPath: string): StaticFile | undefined {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return undefined;
  }
  const realRoot = realPath(root);
  if (!realRoot) return undefined;
  const candidate = path.resolve(realRoot, `.${path.posix.normalize(`/${decoded}`)}`);
  if (!inside(realRoot, candidate)) return undefined;
  // A path that names something must be a regular file whose real path is in the root (a symlink out is
  // refused, not replaced by the page); a missing path or a folder is a client-side route.
  const named = fs.lstatSync(candidate, { throwIfNoEntry: false });
  const filePath = regularFileInside(realRoot, named && !named.isDirectory() ? candidate : path.join(realRoot, 'index.html'));
  if (!filePath) return undefined;
  return { filePath, contentType: contentTypes[path.extname(filePath)] ?? 'application/octet-stream' };
}

function inside(root: string, file: string): boolean {
  return file === root || file.startsWith(root + path.sep);
}

function realPath(file: string): string | undefined {
  try {
    return fs.realpathSync(file);
  } catch {
    return undefined;
  }
}

/** The real path of a regular file inside the root, else undefined. */
function regularFileInside(root: string, file: string): string | undefined {
  const real = realPath(file);
  return real && inside(root, real) && fs.statSync(real).isFile() ? real : undefined;
}

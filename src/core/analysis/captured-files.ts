/**
 * Which small text files an archive reader should keep the contents of (`LayerIndex.captured`), so the
 * analysis can list OS packages and devDependencies without a second pass over the layer blobs.
 */

/** Files larger than this are not captured (a large dpkg status is ~2 MB; lockfiles can be bigger). */
export const capturedMaxBytes = 8 * 1024 * 1024;

const capturedPatterns: RegExp[] = [
  /^\/var\/lib\/dpkg\/status$/,
  /^\/var\/lib\/dpkg\/status\.d\/[^/]+$/,
  /^\/lib\/apk\/db\/installed$/,
  /^\/etc\/passwd$/,
  /^\/etc\/os-release$/,
  /^\/usr\/lib\/os-release$/,
  /(^|\/)package-lock\.json$/,
  /(^|\/)node_modules\/\.package-lock\.json$/,
];

/** True for a regular file the readers should capture as UTF-8 text. */
export function shouldCapture(path: string, size: number): boolean {
  if (size > capturedMaxBytes) return false;
  // Lockfiles of installed packages (…/node_modules/x/package-lock.json) are not the app's: skip them.
  if (path.endsWith('/package-lock.json') && /\/node_modules\/(?!\.package-lock\.json$)/.test(path)) return false;
  return capturedPatterns.some((pattern) => pattern.test(path));
}

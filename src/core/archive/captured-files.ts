/**
 * Which small text files an archive reader should keep the contents of (`LayerIndex.captured`), so the
 * analysis can list OS packages and devDependencies without a second pass over the layer blobs.
 */

/** Files larger than this are not captured (a large dpkg status is ~2 MB; lockfiles can be bigger). */
export const capturedMaxBytes = 8 * 1024 * 1024;
/** Registry configs are a few lines; a bigger one is not a config worth keeping. */
const npmrcMaxBytes = 64 * 1024;

/**
 * The layer index's version: an index made under another capture policy or another reading of names is a
 * cache miss (it would lack files the analysis now reads, or hold names merged by the old UTF-8 decoding).
 * Bump it when the patterns or the entries change.
 */
export const captureVersion = 3;

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
  // A registry config: whether it holds a token is a claim to measure, not to assume.
  if (/(^|\/)\.npmrc$/.test(path)) return size <= npmrcMaxBytes && !path.startsWith('/usr/');
  // Lockfiles of installed packages (…/node_modules/x/package-lock.json) are not the app's: skip them.
  if (path.endsWith('/package-lock.json') && /\/node_modules\/(?!\.package-lock\.json$)/.test(path)) return false;
  return capturedPatterns.some((pattern) => pattern.test(path));
}

/** Path helpers for the absolute, normalised paths of `LayerEntry` ("/usr/bin/node"). */

/** "/a/b" -> "/a"; "/a" -> "/"; "/" -> "". */
export function parentOf(path: string): string {
  if (path === '/') return '';
  const cut = path.lastIndexOf('/');
  return cut <= 0 ? '/' : path.slice(0, cut);
}

/** "/a/b" -> "b". */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

const slashCode = '/'.charCodeAt(0);

/** True when `path` is `dir` or lies below it. */
export function isWithin(path: string, dir: string): boolean {
  if (dir === '/') return true;
  return path === dir || (path.startsWith(dir) && path.charCodeAt(dir.length) === slashCode);
}

/** "/a/b/c" -> ["a", "b", "c"]. */
export function segments(path: string): string[] {
  return path.split('/').filter((part) => part !== '');
}

/**
 * Orders strings by Unicode code point, which is the byte order of their UTF-8 form (Go's `sort.Strings`).
 * JavaScript's `<` compares UTF-16 code units, which puts U+E000..U+FFFF after astral characters.
 */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    const x = a.charCodeAt(i);
    const y = b.charCodeAt(i);
    if (x !== y) return codePointRank(x) - codePointRank(y);
  }
  return a.length - b.length;
}

function codePointRank(unit: number): number {
  if (unit >= 0xd800 && unit < 0xe000) return unit + 0x2000;
  if (unit >= 0xe000) return unit - 0x800;
  return unit;
}

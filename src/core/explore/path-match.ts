/**
 * Path filters of the file tree, search and file diff: a glob when the query has `*`, `?` or `[`
 * (`**` crosses "/", `*` and `?` do not; a pattern without "/" matches the file name, one with "/" but not
 * starting with it matches a path suffix), otherwise a case-insensitive substring of the path.
 */
export type PathMatcher = (path: string) => boolean;

export function isGlob(query: string): boolean {
  return /[*?[]/.test(query);
}

function escape(char: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(char) ? `\\${char}` : char;
}

export function globToRegExp(glob: string): RegExp {
  let source = '';
  for (let i = 0; i < glob.length; i++) {
    const char = glob[i];
    if (char === '*') {
      if (glob[i + 1] === '*') {
        i += 1;
        // "**/" also matches no directory at all.
        if (glob[i + 1] === '/') {
          i += 1;
          source += '(?:.*/)?';
        } else source += '.*';
      } else source += '[^/]*';
    } else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) source += '\\[';
      else {
        let body = glob.slice(i + 1, close).replace(/\\/g, '\\\\');
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        source += `[${body}]`;
        i = close;
      }
    } else source += escape(char);
  }
  if (!glob.includes('/')) return new RegExp(`(?:^|/)${source}$`, 'i');
  if (glob.startsWith('/')) return new RegExp(`^${source}$`, 'i');
  return new RegExp(`(?:^|/)${source}$`, 'i');
}

export function pathMatcher(query: string): PathMatcher {
  const trimmed = query.trim();
  if (trimmed === '') return () => true;
  if (isGlob(trimmed)) {
    const pattern = globToRegExp(trimmed);
    return (path) => pattern.test(path);
  }
  const needle = trimmed.toLowerCase();
  return (path) => path.toLowerCase().includes(needle);
}

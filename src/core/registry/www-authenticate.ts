/**
 * `WWW-Authenticate` challenges (RFC 7235 §4.1, as registries send them): one header may carry several
 * challenges, each a scheme followed by comma-separated `name=value` parameters whose values are tokens
 * or quoted strings with backslash escapes (`Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"`).
 * A token68 form (`Negotiate abc==`) is kept as `token68`. No library fits: the two small ones on npm parse
 * one challenge only and neither reads escapes, so this is a tight parser with its tests beside it.
 */

export interface Challenge {
  /** Lowercase: "bearer", "basic". */
  scheme: string;
  /** Parameter names lowercase; values unquoted. */
  params: Record<string, string>;
  token68?: string;
}

const tchar = /[!#$%&'*+\-.^_`|~0-9A-Za-z]/;

class Scanner {
  pos = 0;
  constructor(readonly text: string) {}

  get done(): boolean {
    return this.pos >= this.text.length;
  }

  peek(): string {
    return this.text[this.pos] ?? '';
  }

  skipSpace(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.pos++;
  }

  /** Spaces and commas (empty list elements are allowed). */
  skipSeparators(): void {
    while (this.peek() === ' ' || this.peek() === '\t' || this.peek() === ',') this.pos++;
  }

  token(): string {
    const start = this.pos;
    while (!this.done && tchar.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** An unquoted value: a token, read leniently up to the next comma or space (some servers leave URLs unquoted). */
  bare(): string {
    const start = this.pos;
    while (!this.done && !/[,\s"]/.test(this.peek())) this.pos++;
    return this.text.slice(start, this.pos);
  }

  /** A quoted string from its opening quote; undefined when it never closes. */
  quoted(): string | undefined {
    this.pos++; // the opening quote
    let value = '';
    while (!this.done) {
      const c = this.text[this.pos++];
      if (c === '"') return value;
      if (c === '\\' && !this.done) value += this.text[this.pos++];
      else value += c;
    }
    return undefined;
  }
}

const token68Pattern = /^[A-Za-z0-9\-._~+/]+=*[ \t]*(?:,|$)/;

/** Every challenge of a header (or of several headers joined by commas); unparsable tails are dropped. */
export function parseChallenges(header: string | string[] | undefined): Challenge[] {
  if (header === undefined) return [];
  const text = Array.isArray(header) ? header.join(', ') : header;
  const s = new Scanner(text);
  const challenges: Challenge[] = [];
  while (!s.done) {
    s.skipSeparators();
    const scheme = s.token();
    if (scheme === '') break;
    const challenge: Challenge = { scheme: scheme.toLowerCase(), params: {} };
    challenges.push(challenge);
    s.skipSpace();
    const token68 = token68Pattern.exec(text.slice(s.pos));
    if (token68 && s.peek() !== ',') {
      challenge.token68 = token68[0].replace(/[ \t]*,?$/, '');
      s.pos += token68[0].length;
      continue;
    }
    // Parameters until the next challenge: a token that is not followed by '='.
    for (;;) {
      s.skipSeparators();
      if (s.done) break;
      const mark = s.pos;
      const name = s.token();
      s.skipSpace();
      if (name === '' || s.peek() !== '=') {
        s.pos = mark;
        break;
      }
      s.pos++; // '='
      s.skipSpace();
      const value = s.peek() === '"' ? s.quoted() : s.bare();
      if (value === undefined) return challenges; // an unterminated quote: nothing after it can be trusted
      challenge.params[name.toLowerCase()] = value;
    }
    // Something that is neither a parameter nor a scheme: stop rather than loop on it.
    if (!s.done && s.pos < text.length && !tchar.test(s.peek()) && s.peek() !== ',' && s.peek() !== ' ') break;
  }
  return challenges;
}

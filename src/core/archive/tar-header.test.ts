import { describe, expect, it } from 'vitest';
import { decodeName } from './tar-header';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : Buffer.from(p))));

/** The inverse of `decodeName`, as its comment defines it: existing proves the mapping injective. */
function nameBytes(text: string): Buffer {
  const parts: Buffer[] = [];
  for (let i = 0; i < text.length;) {
    if (text.startsWith('\\\\', i)) {
      parts.push(Buffer.from('\\'));
      i += 2;
    } else if (/^\\x[0-9a-f]{2}/i.test(text.slice(i, i + 4))) {
      parts.push(Buffer.from([parseInt(text.slice(i + 2, i + 4), 16)]));
      i += 4;
    } else {
      const char = String.fromCodePoint(text.codePointAt(i)!);
      parts.push(Buffer.from(char));
      i += char.length;
    }
  }
  return Buffer.concat(parts);
}

describe('decodeName', () => {
  it('keeps well-formed UTF-8 (U+FFFD included) and backslashes that cannot be misread as they are', () => {
    for (const name of ['usr/bin/node', 'caf\u00e9/\u{1f600}', 'a\uFFFD', 'C:\\dir\\file', 'x\\', '\\y', 'a\\xz1', 'a\\x1']) {
      expect(decodeName(Buffer.from(name))).toBe(name);
    }
  });

  it('writes each byte that is not UTF-8 as \\xNN, and a backslash as \\\\ only where it would read as an escape', () => {
    expect(decodeName(bytes('a', [0xff]))).toBe('a\\xff');
    expect(decodeName(bytes('a', [0xfe]))).toBe('a\\xfe');
    // A truncated sequence, an overlong "/", a UTF-16 surrogate, a code point past U+10FFFF: every byte escaped.
    expect(decodeName(bytes([0xe2, 0x82], 'A'))).toBe('\\xe2\\x82A');
    expect(decodeName(bytes([0xc0, 0xaf]))).toBe('\\xc0\\xaf');
    expect(decodeName(bytes([0xed, 0xa0, 0x80]))).toBe('\\xed\\xa0\\x80');
    expect(decodeName(bytes([0xf4, 0x90, 0x80, 0x80]))).toBe('\\xf4\\x90\\x80\\x80');
    // The text "a\xff" (a backslash, then "xff") is not the byte 0xff.
    expect(decodeName(bytes('a\\xff'))).toBe('a\\\\xff');
    expect(decodeName(bytes('a\\\\b'))).toBe('a\\\\\\b');
    expect(decodeName(bytes('a\\', [0xff]))).toBe('a\\\\\\xff');
  });

  it('is injective: every byte string of a tricky alphabet decodes to its own text, read back to the same bytes', () => {
    const alphabet = [0x5c, 0x78, 0x66, 0x46, 0x31, 0x2f, 0xff, 0xc3, 0xa9, 0xef, 0xbf, 0xbd];
    const seen = new Map<string, string>();
    const failures: string[] = [];
    let names: number[][] = [[]];
    for (let length = 1; length <= 4; length++) {
      names = names.flatMap((name) => alphabet.map((byte) => [...name, byte]));
      for (const name of names) {
        const raw = Buffer.from(name);
        const text = decodeName(raw);
        if (!nameBytes(text).equals(raw)) failures.push(`${raw.toString('hex')} reads back as ${nameBytes(text).toString('hex')}`);
        const other = seen.get(text);
        if (other !== undefined) failures.push(`${other} and ${raw.toString('hex')} both give "${text}"`);
        seen.set(text, raw.toString('hex'));
      }
    }
    expect(failures).toEqual([]);
    expect(seen.size).toBe(12 + 12 ** 2 + 12 ** 3 + 12 ** 4);
  });
});

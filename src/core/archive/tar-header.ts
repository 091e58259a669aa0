/**
 * Tar header blocks and PAX records decoded exactly as Go's archive/tar decodes them, because Docker, the
 * containerd snapshotters and dive all read layers with it: a layer must mean here what it means when it
 * runs. Generic tar libraries are looser in ways a crafted layer can use to hide a file from an inspector
 * (node-tar, for one, merges global PAX headers into every entry, puts the ustar prefix in front of a PAX
 * path, turns a regular file whose name ends in "/" into a directory and reads its data as headers, and
 * treats malformed numbers as 0). Each rule below names the Go behaviour it follows.
 */

import { isUtf8 } from 'node:buffer';

export const blockSize = 512;

/** Why a header or PAX record is not one: every caller reports it as a corrupt archive. */
export class TarHeaderError extends Error {
  constructor(reason: string) {
    super(`Invalid tar header: ${reason}`);
  }
}

export interface RawHeader {
  /** The typeflag byte as a one-character string ("0", "5", "x", "\0"…). */
  typeflag: string;
  name: string;
  linkname: string;
  size: number;
  mode: number;
  uid: number;
  gid: number;
}

const backslash = 0x5c;

/** The length of the well-formed UTF-8 sequence at `bytes[i]` (RFC 3629: no overlongs, surrogates or > U+10FFFF); 0 if none. */
function utf8SequenceAt(bytes: Uint8Array, i: number): number {
  const lead = bytes[i];
  if (lead < 0x80) return 1;
  const continues = (k: number) => i + k < bytes.length && (bytes[i + k] & 0xc0) === 0x80;
  const second = bytes[i + 1];
  if (lead < 0xc2) return 0;
  if (lead < 0xe0) return continues(1) ? 2 : 0;
  if (lead < 0xf0) {
    const [low, high] = lead === 0xe0 ? [0xa0, 0xbf] : lead === 0xed ? [0x80, 0x9f] : [0x80, 0xbf];
    return second >= low && second <= high && continues(2) ? 3 : 0;
  }
  if (lead < 0xf5) {
    const [low, high] = lead === 0xf0 ? [0x90, 0xbf] : lead === 0xf4 ? [0x80, 0x8f] : [0x80, 0xbf];
    return second >= low && second <= high && continues(2) && continues(3) ? 4 : 0;
  }
  return 0;
}

function isHexDigit(byte: number): boolean {
  return (byte >= 0x30 && byte <= 0x39) || ((byte | 0x20) >= 0x61 && (byte | 0x20) <= 0x66);
}

/** Whether the text of `bytes[i..]` would, after a lone backslash, read as an escape: it starts with `\` (a backslash or a raw byte's `\xNN`) or with `xNN`. */
function looksLikeEscapeTail(bytes: Uint8Array, i: number): boolean {
  if (i >= bytes.length) return false;
  if (bytes[i] === backslash || utf8SequenceAt(bytes, i) === 0) return true;
  return bytes[i] === 0x78 /* x */ && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2]);
}

/**
 * A name's bytes as text, losslessly: Go (and so Docker) keeps tar names as bytes, and two names that
 * differ only in bytes that are not UTF-8 are two files. Well-formed UTF-8 stays as it is; each byte that
 * is not part of a well-formed sequence becomes `\xNN`; a literal backslash becomes `\\` only where it
 * would otherwise read as the start of one of these escapes (followed by a backslash, by an undecodable
 * byte, or by `x` and two hex digits). So a name without backslashes or bad bytes is unchanged, and the
 * mapping is injective: `\\` is always an escaped backslash, `\xNN` always a raw byte, any other `\`
 * itself. A `/` never appears in an escape, so components and the `.wh.` prefix are kept as well.
 */
export function decodeName(bytes: Uint8Array): string {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  if (!buffer.includes(backslash) && isUtf8(buffer)) return buffer.toString('utf8');
  let text = '';
  let run = 0; // start of the pending run of bytes that stay as they are
  for (let i = 0; i < buffer.length;) {
    const length = utf8SequenceAt(buffer, i);
    const escaped = length === 0 || (buffer[i] === backslash && looksLikeEscapeTail(buffer, i + 1));
    if (!escaped) {
      i += length;
      continue;
    }
    text += buffer.toString('utf8', run, i) + (length === 0 ? `\\x${buffer[i].toString(16).padStart(2, '0')}` : '\\\\');
    i += 1;
    run = i;
  }
  return text + buffer.toString('utf8', run);
}

/** A C string field: up to its first NUL (Go's parser.parseString). */
function parseString(block: Uint8Array, start: number, length: number): string {
  let end = start;
  const limit = start + length;
  while (end < limit && block[end] !== 0) end++;
  return decodeName(block.subarray(start, end));
}

/** An octal field, with leading/trailing NULs and spaces trimmed; empty is 0 (Go's parseOctal). */
function parseOctal(block: Uint8Array, start: number, length: number): number {
  let from = start;
  let to = start + length;
  while (from < to && (block[from] === 0 || block[from] === 0x20)) from++;
  while (to > from && (block[to - 1] === 0 || block[to - 1] === 0x20)) to--;
  if (from === to) return 0;
  let value = 0;
  for (let i = from; i < to; i++) {
    const digit = block[i] - 0x30;
    if (digit === -0x30) break; // a NUL inside ends the digits, as parseString would
    if (digit < 0 || digit > 7) throw new TarHeaderError('a numeric field is not octal');
    value = value * 8 + digit;
  }
  if (!Number.isSafeInteger(value)) throw new TarHeaderError('a numeric field is too large');
  return value;
}

/** Octal, or base-256 (GNU) when the first byte's high bit is set, negative when the next bit is (Go's parseNumeric). */
function parseNumeric(block: Uint8Array, start: number, length: number): number {
  const first = block[start];
  if ((first & 0x80) === 0) return parseOctal(block, start, length);
  const invert = (first & 0x40) !== 0 ? 0xff : 0;
  let value = 0;
  for (let i = 0; i < length; i++) {
    let byte = block[start + i] ^ invert;
    if (i === 0) byte &= 0x7f;
    value = value * 256 + byte;
    if (!Number.isSafeInteger(value)) throw new TarHeaderError('a base-256 field is too large');
  }
  return invert ? -value - 1 : value;
}

/** The header's checksum holds with the unsigned or the signed byte sum (Go accepts either). */
export function checksumMatches(block: Uint8Array): boolean {
  let stored: number;
  try {
    stored = parseOctal(block, 148, 8);
  } catch {
    return false;
  }
  let unsigned = 0;
  let signed = 0;
  for (let i = 0; i < blockSize; i++) {
    const byte = i >= 148 && i < 156 ? 0x20 : block[i];
    unsigned += byte;
    signed += byte > 127 ? byte - 256 : byte;
  }
  return stored === unsigned || stored === signed;
}

function fieldEquals(block: Uint8Array, start: number, text: string): boolean {
  for (let i = 0; i < text.length; i++) if (block[start + i] !== text.charCodeAt(i)) return false;
  return true;
}

/**
 * Decodes a non-zero header block (Go's Reader.readHeader): V7 fields, and for the USTAR family the name
 * prefix (USTAR/PAX: 155 bytes; star: 131 bytes; GNU has none). Throws on a bad checksum or number.
 */
export function decodeHeader(block: Uint8Array): RawHeader {
  if (!checksumMatches(block)) throw new TarHeaderError('checksum mismatch');
  const header: RawHeader = {
    typeflag: String.fromCharCode(block[156]),
    name: parseString(block, 0, 100),
    linkname: parseString(block, 157, 100),
    size: parseNumeric(block, 124, 12),
    mode: parseNumeric(block, 100, 8),
    uid: parseNumeric(block, 108, 8),
    gid: parseNumeric(block, 116, 8),
  };
  const ustar = fieldEquals(block, 257, 'ustar\0');
  const star = ustar && fieldEquals(block, 508, 'tar\0');
  const prefix = star ? parseString(block, 345, 131) : ustar ? parseString(block, 345, 155) : '';
  if (prefix !== '') header.name = `${prefix}/${header.name}`;
  return header;
}

const nul = 0;

/**
 * PAX extended header records, "<length> <key>=<value>\n" with the length in bytes and counting itself
 * (Go's parsePAX / parsePAXRecord, with its validity rules). Later records of a key win.
 */
export function parsePaxRecords(data: Buffer): Map<string, string> {
  const records = new Map<string, string>();
  let offset = 0;
  while (offset < data.length) {
    const space = data.indexOf(0x20, offset);
    if (space < 0) throw new TarHeaderError('a PAX record has no length');
    const lengthText = data.toString('latin1', offset, space);
    if (!/^[+-]?\d+$/.test(lengthText)) throw new TarHeaderError('a PAX record length is not a number');
    const length = Number(lengthText);
    if (length < 5 || offset + length > data.length || length <= lengthText.length + 1) {
      throw new TarHeaderError('a PAX record length is out of range');
    }
    const end = offset + length;
    if (data[end - 1] !== 0x0a) throw new TarHeaderError('a PAX record does not end with a newline');
    const record = data.subarray(space + 1, end - 1);
    const equals = record.indexOf(0x3d);
    if (equals <= 0) throw new TarHeaderError('a PAX record has no key');
    const key = record.subarray(0, equals);
    const value = record.subarray(equals + 1);
    const keyText = decodeName(key);
    const valueMayHaveNul = !['path', 'linkpath', 'uname', 'gname'].includes(keyText);
    if (key.includes(nul) || (!valueMayHaveNul && value.includes(nul))) throw new TarHeaderError('a PAX record holds a NUL');
    // Go keeps a PAX path's bytes as they are (it checks UTF-8 only when writing): decoded as a header name is.
    records.set(keyText, decodeName(value));
    offset = end;
  }
  return records;
}

function paxInteger(value: string, key: string): number {
  if (!/^[+-]?\d+$/.test(value)) throw new TarHeaderError(`the PAX ${key} "${value.slice(0, 40)}" is not an integer`);
  const number = Number(value);
  if (!Number.isSafeInteger(number)) throw new TarHeaderError(`the PAX ${key} is out of range`);
  return number;
}

/**
 * Applies PAX records to a header (Go's mergePAX): path, linkpath, size, uid and gid; an empty value keeps
 * the header's own. GNU sparse files (PAX `GNU.sparse.*`) change a member's name and size in ways this reader
 * does not follow, so they are refused rather than misread; Docker never writes them.
 */
export function applyPax(header: RawHeader, records: Map<string, string> | undefined): void {
  if (!records) return;
  for (const [key, value] of records) {
    if (key.startsWith('GNU.sparse.')) throw new TarHeaderError(`"${header.name}" is a GNU sparse file, which LayerLens does not read`);
    if (value === '') continue;
    switch (key) {
      case 'path':
        header.name = value;
        break;
      case 'linkpath':
        header.linkname = value;
        break;
      case 'size':
        header.size = paxInteger(value, key);
        break;
      case 'uid':
        header.uid = paxInteger(value, key);
        break;
      case 'gid':
        header.gid = paxInteger(value, key);
        break;
    }
  }
}

/**
 * Finds where a tar stream's end-of-archive marker (two zero blocks) is, by following the headers' sizes.
 * tar-stream skips zero blocks and keeps reading; Docker and dive (Go's archive/tar) stop at the marker,
 * so entries after it (eStargz puts its TOC `stargz.index.json` there) are not part of the layer's files.
 * Only headers are looked at; file contents are skipped, never buffered.
 */

const block = 512;

function padded(size: number): number {
  return Math.ceil(size / block) * block;
}

/** A tar numeric field: octal text, or base-256 when the high bit of the first byte is set. */
export function parseTarNumber(field: Buffer): number {
  if (field.length > 0 && (field[0] & 0x80) !== 0) {
    let value = field[0] & 0x7f;
    for (let i = 1; i < field.length; i++) value = value * 256 + field[i];
    return value;
  }
  const text = field.toString('latin1').replace(/\0.*$/s, '').trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function paxSize(records: Buffer): number | undefined {
  const match = /(?:^|\n)\d+ size=(\d+)\n/.exec(records.toString('utf8'));
  return match ? Number(match[1]) : undefined;
}

const maxPaxBytes = 1024 * 1024;

export class TarEndFinder {
  /** Stream offset of the first zero block of the end-of-archive marker, once seen. */
  end: number | undefined;
  private offset = 0;
  private nextHeader = 0;
  private readonly header = Buffer.alloc(block);
  private filled = 0;
  private zeroBlockAt: number | undefined;
  private pax: Buffer[] | undefined;
  private paxRemaining = 0;
  private sizeOverride: number | undefined;
  private lost = false;

  push(chunk: Buffer): void {
    let i = 0;
    while (this.end === undefined && !this.lost && i < chunk.length) {
      const at = this.offset + i;
      if (at < this.nextHeader) {
        const skip = Math.min(this.nextHeader - at, chunk.length - i);
        if (this.pax && this.paxRemaining > 0) {
          const take = Math.min(skip, this.paxRemaining);
          this.pax.push(Buffer.from(chunk.subarray(i, i + take)));
          this.paxRemaining -= take;
          if (this.paxRemaining === 0) {
            this.sizeOverride = paxSize(Buffer.concat(this.pax));
            this.pax = undefined;
          }
        }
        i += skip;
        continue;
      }
      const take = Math.min(block - this.filled, chunk.length - i);
      chunk.copy(this.header, this.filled, i, i + take);
      this.filled += take;
      i += take;
      if (this.filled === block) {
        this.filled = 0;
        this.onHeader(this.nextHeader);
      }
    }
    this.offset += chunk.length;
  }

  private onHeader(start: number): void {
    if (this.header.every((byte) => byte === 0)) {
      if (this.zeroBlockAt !== undefined && this.zeroBlockAt === start - block) {
        this.end = this.zeroBlockAt;
        return;
      }
      this.zeroBlockAt = start;
      this.nextHeader = start + block;
      return;
    }
    this.zeroBlockAt = undefined;
    const type = String.fromCharCode(this.header[156]);
    let size = this.sizeOverride ?? parseTarNumber(this.header.subarray(124, 136));
    this.sizeOverride = undefined;
    if (!Number.isFinite(size) || size < 0) {
      // Not a header we can follow: stop looking, every entry counts.
      this.lost = true;
      return;
    }
    if (type === 'x' && size <= maxPaxBytes) {
      this.pax = [];
      this.paxRemaining = size;
      if (size === 0) this.pax = undefined;
    }
    // As tar-stream reads it: a directory header has no data, whatever its size field says.
    if (type === '5') size = 0;
    this.nextHeader = start + block + padded(size);
  }
}

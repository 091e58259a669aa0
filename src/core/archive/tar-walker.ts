/**
 * A synchronous, push-driven tar reader: bytes in, member headers and data out, nothing buffered but a
 * header block. A stream parser (tar-stream) turns every member into a stream and every piece of data into
 * a queued event; on a gigabyte export that bookkeeping cost more than hashing the files. Here a member's
 * data reaches its sink as views of the caller's chunk, so a socket's single read buffer can be parsed in
 * place.
 *
 * Reading follows Go's archive/tar (`Reader.Next`), which Docker and dive use (see tar-header.ts): PAX
 * (`x`) records apply to the next member only and global ones (`g`) to none, as Docker ignores them; a GNU
 * long name or link (`L`, `K`) wins over PAX; it stops at the end-of-archive marker (two zero blocks) and
 * ignores what follows (eStargz keeps its TOC there); link, device, directory and FIFO headers carry no
 * data, whatever their size field says.
 */
import type { EntryType, LayerEntry } from './model';
import { applyPax, blockSize, decodeHeader, decodeName, parsePaxRecords, TarHeaderError, type RawHeader } from './tar-header';

/** PAX records and GNU long names bigger than this are not metadata (Go's limit too). */
const maxMetaBytes = 1024 * 1024;

/**
 * A member's header, in the index entry's terms, before the entry is made of it: `path` is the name as
 * stored (PAX path and GNU long name applied), not normalised; `size` is the bytes of data that follow.
 */
export type TarMember = Pick<LayerEntry, 'path' | 'type' | 'size' | 'mode' | 'uid' | 'gid' | 'linkTarget'>;

/**
 * Receives one member's data. `bytes` stays valid until the call returns, or until the promise it returns
 * settles: a sink that keeps data longer copies it. A returned promise makes the walker wait.
 * `abort` is called instead of `end` when the walk fails mid-member (to release a decompressor, say).
 */
export interface MemberSink {
  data?(bytes: Buffer): void | Promise<void>;
  end?(): void | Promise<void>;
  abort?(): void;
}

export type OnMember = (member: TarMember) => MemberSink | undefined | Promise<MemberSink | undefined>;

const headerOnlyTypes = new Set(['1', '2', '3', '4', '5', '6']);

function entryType(typeflag: string, name: string): EntryType {
  switch (typeflag) {
    case '0':
    case '7':
      return 'file';
    case '\0':
      // Go's TypeRegA: a directory when its name ends in "/", else a regular file.
      return name.endsWith('/') ? 'dir' : 'file';
    case '5':
      return 'dir';
    case '2':
      return 'symlink';
    case '1':
      return 'hardlink';
    default:
      return 'other';
  }
}

function isZeroBlock(block: Uint8Array): boolean {
  for (let i = 0; i < blockSize; i++) if (block[i] !== 0) return false;
  return true;
}

function then(wait: void | Promise<void>, next: () => void | Promise<void>): void | Promise<void> {
  return wait ? wait.then(next) : next();
}

type State = 'header' | 'data' | 'padding' | 'done';

/** What the extension headers before a member say about it. */
interface Pending {
  pax?: Map<string, string>;
  longName?: string;
  longLink?: string;
}

export class TarWalker {
  private state: State = 'header';
  private readonly headerBuffer = Buffer.alloc(blockSize);
  private headerFilled = 0;
  private remaining = 0;
  private padding = 0;
  private sink: MemberSink | undefined;
  /** The extension header being read (PAX or GNU long name), with its bytes so far. */
  private meta: { typeflag: string; parts: Buffer[] } | undefined;
  private pending: Pending = {};
  private previousBlockWasZero = false;

  constructor(private readonly onMember: OnMember) {}

  /** Whether the end-of-archive marker has been read (anything after it is ignored). */
  get finished(): boolean {
    return this.state === 'done';
  }

  /**
   * Reads `chunk`, which must stay valid until a returned promise settles. Throws on a corrupt header.
   * Returns a promise when a sink asked to wait: write nothing more until it settles.
   */
  write(chunk: Buffer): void | Promise<void> {
    let i = 0;
    while (i < chunk.length && this.state !== 'done') {
      let wait: void | Promise<void> = undefined;
      if (this.state === 'header') {
        let block: Buffer;
        if (this.headerFilled === 0 && chunk.length - i >= blockSize) {
          block = chunk.subarray(i, i + blockSize);
          i += blockSize;
        } else {
          const take = Math.min(blockSize - this.headerFilled, chunk.length - i);
          chunk.copy(this.headerBuffer, this.headerFilled, i, i + take);
          this.headerFilled += take;
          i += take;
          if (this.headerFilled < blockSize) continue;
          this.headerFilled = 0;
          block = this.headerBuffer;
        }
        wait = this.onHeader(block);
      } else if (this.state === 'data') {
        const take = Math.min(this.remaining, chunk.length - i);
        const bytes = chunk.subarray(i, i + take);
        i += take;
        this.remaining -= take;
        if (this.meta) this.meta.parts.push(Buffer.from(bytes));
        else wait = this.sink?.data?.(bytes);
        if (this.remaining === 0) wait = then(wait, () => this.endMember());
      } else {
        const take = Math.min(this.padding, chunk.length - i);
        i += take;
        this.padding -= take;
        if (this.padding === 0) this.state = 'header';
      }
      if (wait) {
        const rest = i;
        return wait.then(() => this.write(chunk.subarray(rest)));
      }
    }
  }

  /** The input has ended: throws when it stopped inside a header or a member's data. */
  end(): void {
    if (this.state === 'data' || (this.state === 'header' && this.headerFilled > 0)) {
      throw new Error('Unexpected end of data: the tar stops in the middle of a member');
    }
  }

  /** The walk failed: the member being read is told so it can release what it holds. */
  abort(): void {
    const sink = this.sink;
    this.sink = undefined;
    this.state = 'done';
    sink?.abort?.();
  }

  private onHeader(block: Buffer): void | Promise<void> {
    if (isZeroBlock(block)) {
      if (this.previousBlockWasZero) this.state = 'done';
      this.previousBlockWasZero = true;
      return;
    }
    // Go: a zero block must be followed by another one.
    if (this.previousBlockWasZero) throw new TarHeaderError('a header follows a single zero block');
    const header = decodeHeader(block);
    if (header.size < 0) throw new TarHeaderError('a negative size');
    switch (header.typeflag) {
      case 'x':
      case 'g':
      case 'L':
      case 'K':
        if (header.size > maxMetaBytes) throw new TarHeaderError(`a ${header.size}-byte extended header`);
        this.meta = { typeflag: header.typeflag, parts: [] };
        return this.beginData(undefined, header.size);
      case 'S':
        throw new TarHeaderError(`"${header.name}" is a GNU sparse file, which LayerLens does not read`);
    }
    return this.member(header);
  }

  private member(header: RawHeader): void | Promise<void> {
    const pending = this.pending;
    this.pending = {};
    applyPax(header, pending.pax);
    if (pending.longName !== undefined) header.name = pending.longName;
    if (pending.longLink !== undefined) header.linkname = pending.longLink;
    if (header.size < 0) throw new TarHeaderError('a negative size');
    const type = entryType(header.typeflag, header.name);
    const dataSize = headerOnlyTypes.has(header.typeflag) || type === 'dir' ? 0 : header.size;
    const member: TarMember = { path: header.name, type, size: dataSize, mode: header.mode, uid: header.uid, gid: header.gid };
    if ((type === 'symlink' || type === 'hardlink') && header.linkname !== '') member.linkTarget = header.linkname;
    const sink = this.onMember(member);
    return sink instanceof Promise ? sink.then((s) => this.beginData(s, dataSize)) : this.beginData(sink, dataSize);
  }

  private beginData(sink: MemberSink | undefined, size: number): void | Promise<void> {
    this.sink = sink;
    this.remaining = size;
    this.padding = (blockSize - (size % blockSize)) % blockSize;
    if (size > 0) {
      this.state = 'data';
      return;
    }
    return this.endMember();
  }

  private endMember(): void | Promise<void> {
    this.state = this.padding > 0 ? 'padding' : 'header';
    const meta = this.meta;
    if (meta) {
      this.meta = undefined;
      this.applyMeta(meta.typeflag, Buffer.concat(meta.parts));
      return;
    }
    const sink = this.sink;
    this.sink = undefined;
    return sink?.end?.();
  }

  private applyMeta(typeflag: string, data: Buffer): void {
    const text = (): string => {
      const nul = data.indexOf(0);
      return decodeName(data.subarray(0, nul < 0 ? data.length : nul));
    };
    switch (typeflag) {
      case 'x':
        // A second PAX header replaces the first (Go keeps only the last).
        this.pending.pax = parsePaxRecords(data);
        break;
      case 'g':
        // Checked, then dropped with whatever was pending, as Go returns it as an entry of its own.
        parsePaxRecords(data);
        this.pending = {};
        break;
      case 'L':
        this.pending.longName = text();
        break;
      case 'K':
        this.pending.longLink = text();
        break;
    }
  }
}

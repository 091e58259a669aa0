/**
 * A synchronous, push-driven tar reader: bytes in, member headers and data out, nothing buffered but a
 * header block. node-tar decodes each header (ustar, PAX, GNU long names, base-256 numbers); this walks
 * the blocks. A stream parser (tar-stream) turns every member into a stream and every piece of data into a
 * queued event; on a gigabyte export that bookkeeping cost more than hashing the files. Here a member's data
 * reaches its sink as views of the caller's chunk, during the call, so a socket's single read buffer can be
 * parsed in place.
 *
 * Reading follows Go's archive/tar, which Docker and dive use: it stops at the end-of-archive marker (two
 * zero blocks) and ignores what follows (eStargz keeps its TOC there); link, device, directory and FIFO
 * headers carry no data, whatever their size field says.
 */
import { Header, Pax, type HeaderData } from 'tar';
import type { EntryType } from './model';

const blockSize = 512;
/** PAX records and GNU long names bigger than this are not metadata. */
const maxMetaBytes = 1024 * 1024;

export interface TarMember {
  /** The name as stored (PAX path and GNU long name applied), not normalised. */
  path: string;
  type: EntryType;
  /** Bytes of data that follow the header. */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink or hardlink target. */
  linkTarget?: string;
}

/**
 * Receives one member's data. `bytes` is only valid during the call: a sink that keeps data copies it.
 * Returning a promise makes the walker wait (it keeps a copy of the rest of the chunk meanwhile).
 */
export interface MemberSink {
  data?(bytes: Buffer): void | Promise<void>;
  end?(): void | Promise<void>;
}

export type OnMember = (member: TarMember) => MemberSink | undefined | Promise<MemberSink | undefined>;

const metaTypes = new Set(['ExtendedHeader', 'OldExtendedHeader', 'GlobalExtendedHeader', 'NextFileHasLongPath', 'OldGnuLongPath', 'NextFileHasLongLinkpath']);
const headerOnlyTypes = new Set(['Link', 'SymbolicLink', 'CharacterDevice', 'BlockDevice', 'Directory', 'FIFO']);

function entryType(type: string): EntryType {
  switch (type) {
    case 'File':
    case 'OldFile':
    case 'ContiguousFile':
      return 'file';
    case 'Directory':
      return 'dir';
    case 'SymbolicLink':
      return 'symlink';
    case 'Link':
      return 'hardlink';
    default:
      return 'other';
  }
}

function isZeroBlock(block: Buffer): boolean {
  for (let i = 0; i < blockSize; i++) if (block[i] !== 0) return false;
  return true;
}

function then(wait: void | Promise<void>, next: () => void | Promise<void>): void | Promise<void> {
  return wait ? wait.then(next) : next();
}

type State = 'header' | 'data' | 'padding' | 'done';

export class TarWalker {
  private state: State = 'header';
  private readonly headerBuffer = Buffer.alloc(blockSize);
  private headerFilled = 0;
  private remaining = 0;
  private padding = 0;
  private sink: MemberSink | undefined;
  /** The extension header being read (PAX or GNU long name), with its bytes so far. */
  private meta: { type: string; parts: Buffer[] } | undefined;
  private extended: HeaderData | undefined;
  private globalExtended: HeaderData | undefined;
  private previousBlockWasZero = false;

  constructor(private readonly onMember: OnMember) {}

  /** Whether the end-of-archive marker has been read (anything after it is ignored). */
  get finished(): boolean {
    return this.state === 'done';
  }

  /**
   * Reads `chunk`. Throws on a corrupt header. Returns a promise when a sink asked to wait: write nothing
   * more until it settles.
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
        const rest = Buffer.from(chunk.subarray(i));
        return wait.then(() => this.write(rest));
      }
    }
  }

  /** The input has ended: throws when it stopped inside a header or a member's data. */
  end(): void {
    if (this.state === 'data' || (this.state === 'header' && this.headerFilled > 0)) {
      throw new Error('Unexpected end of data: the tar stops in the middle of a member');
    }
  }

  private onHeader(block: Buffer): void | Promise<void> {
    if (isZeroBlock(block)) {
      if (this.previousBlockWasZero) this.state = 'done';
      this.previousBlockWasZero = true;
      return;
    }
    this.previousBlockWasZero = false;
    let header: Header;
    try {
      header = new Header(block, 0, this.extended, this.globalExtended);
    } catch (error) {
      throw new Error(`Invalid tar header: ${(error as Error).message}`);
    }
    if (!header.cksumValid) throw new Error('Invalid tar header: checksum mismatch');
    const type = header.type;
    const size = header.size ?? 0;
    if (!Number.isSafeInteger(size) || size < 0) throw new Error('Invalid tar header: bad size');

    if (metaTypes.has(type)) {
      if (size > maxMetaBytes) throw new Error(`Invalid tar header: a ${size}-byte extended header`);
      this.meta = { type, parts: [] };
      return this.beginData(undefined, size);
    }
    this.extended = undefined;
    const dataSize = headerOnlyTypes.has(type) ? 0 : size;
    const member: TarMember = {
      path: header.path ?? '',
      type: entryType(type),
      size: dataSize,
      mode: header.mode ?? 0,
      uid: header.uid ?? 0,
      gid: header.gid ?? 0,
    };
    if ((type === 'Link' || type === 'SymbolicLink') && header.linkpath) member.linkTarget = header.linkpath;
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
      this.applyMeta(meta.type, Buffer.concat(meta.parts).toString('utf8'));
      return;
    }
    const sink = this.sink;
    this.sink = undefined;
    return sink?.end?.();
  }

  private applyMeta(type: string, text: string): void {
    switch (type) {
      case 'GlobalExtendedHeader':
        this.globalExtended = Pax.parse(text, this.globalExtended, true);
        break;
      case 'ExtendedHeader':
      case 'OldExtendedHeader':
        this.extended = Pax.parse(text, this.extended, false);
        break;
      case 'NextFileHasLongPath':
      case 'OldGnuLongPath':
        this.extended = { ...this.extended, path: text.replace(/\0.*/s, '') };
        break;
      case 'NextFileHasLongLinkpath':
        this.extended = { ...this.extended, linkpath: text.replace(/\0.*/s, '') };
        break;
    }
  }
}

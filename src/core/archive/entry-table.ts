/**
 * A layer's tar entries in columns. A layer of a million files is a million entries: as one object each (with
 * its hash as hex text) they cost ~200 bytes apiece; here the numbers live in typed arrays, the hash as 8
 * bytes, and a path is a slice of one string per 4,096 rows: ~31 bytes a path, where a string each cost
 * ~44 (V8 makes a slice without copying its characters, so a path read back is cheap). Rows come out as
 * `LayerEntry` objects made on demand, which callers use and drop: nothing should keep them for every
 * entry of a big layer.
 */
import type { EntryType, LayerEntry } from './model';

const typeCodes: readonly EntryType[] = ['file', 'dir', 'symlink', 'hardlink', 'other'];
const typeMask = 7;
const whiteoutFlag = 8;
const opaqueFlag = 16;
/** The hash is in `hashes` (16 hex digits, as xxh64 gives); any other hash text is kept in `rare`. */
const packedHashFlag = 32;
/** Rows whose paths are joined into one string; the open group's paths stay apart until it is full. */
const pathGroupBits = 12;
const pathGroupSize = 1 << pathGroupBits;

const packedHash = /^[0-9a-f]{16}$/;

/** What few entries have: link targets, unsafe reasons, and what the columns cannot hold. */
interface RareFields {
  linkTarget?: string;
  unsafe?: string;
  hash?: string;
  mode?: number;
  uid?: number;
  gid?: number;
}

/** Where a packed hash is turned back into hex: one native conversion, not two padded number strings. */
const hashBytes = Buffer.alloc(8);

/** The hex text of a hash packed as two 32-bit halves. */
export function packedHashText(high: number, low: number): string {
  hashBytes.writeUInt32BE(high, 0);
  hashBytes.writeUInt32BE(low, 4);
  return hashBytes.toString('hex');
}

export class EntryTable implements Iterable<LayerEntry> {
  private count = 0;
  /** Per row, where its path ends in its group's string. */
  private pathEnds = new Uint32Array(16);
  /** The paths of each full group of rows, joined. */
  private readonly pathGroups: string[] = [];
  private openPaths: string[] = [];
  private flags = new Uint8Array(16);
  private sizes = new Float64Array(16);
  /** Per row, which of `owners` is its (mode, uid, gid): an image has few distinct ones. */
  private owners = new Uint16Array(16);
  private readonly ownerList: [mode: number, uid: number, gid: number][] = [];
  private readonly ownerIds = new Map<string, number>();
  /** High and low 32 bits of the hash per row. */
  private hashes = new Uint32Array(32);
  private readonly rare = new Map<number, RareFields>();

  static of(entries: Iterable<LayerEntry>): EntryTable {
    const table = new EntryTable();
    for (const entry of entries) table.push(entry);
    return table;
  }

  get length(): number {
    return this.count;
  }

  push(entry: LayerEntry): void {
    const row = this.count;
    if (row === this.flags.length) this.grow();
    this.count++;
    let rare: RareFields | undefined;
    const note = () => (rare ??= {});
    let flags = typeCodes.indexOf(entry.type);
    this.pushPath(row, entry.path);
    if (entry.whiteout) flags |= whiteoutFlag;
    if (entry.opaque) flags |= opaqueFlag;
    if (entry.hash !== undefined) {
      if (packedHash.test(entry.hash)) {
        flags |= packedHashFlag;
        this.hashes[row * 2] = Number.parseInt(entry.hash.slice(0, 8), 16);
        this.hashes[row * 2 + 1] = Number.parseInt(entry.hash.slice(8), 16);
      } else note().hash = entry.hash;
    }
    this.flags[row] = flags;
    this.sizes[row] = entry.size;
    const owner = this.ownerOf(entry.mode, entry.uid, entry.gid);
    if (owner === undefined) {
      note().mode = entry.mode;
      note().uid = entry.uid;
      note().gid = entry.gid;
    } else this.owners[row] = owner;
    if (entry.linkTarget !== undefined) note().linkTarget = entry.linkTarget;
    if (entry.unsafe !== undefined) note().unsafe = entry.unsafe;
    if (rare) this.rare.set(row, rare);
  }

  private pushPath(row: number, path: string): void {
    this.pathEnds[row] = ((row & (pathGroupSize - 1)) === 0 ? 0 : this.pathEnds[row - 1]) + path.length;
    this.openPaths.push(path);
    if (this.openPaths.length === pathGroupSize) {
      this.pathGroups.push(this.openPaths.join(''));
      this.openPaths = [];
    }
  }

  /** The index of (mode, uid, gid) in `ownerList`, added if new; undefined once the list is full. */
  private ownerOf(mode: number, uid: number, gid: number): number | undefined {
    const key = `${mode}:${uid}:${gid}`;
    let id = this.ownerIds.get(key);
    if (id === undefined && this.ownerList.length <= 0xffff) {
      id = this.ownerList.length;
      this.ownerList.push([mode, uid, gid]);
      this.ownerIds.set(key, id);
    }
    return id;
  }

  private grow(): void {
    const capacity = this.flags.length * 2;
    const grown = <T extends Uint8Array | Uint16Array | Float64Array | Uint32Array>(from: T, make: new (n: number) => T, width: number): T => {
      const to = new make(capacity * width);
      to.set(from);
      return to;
    };
    this.flags = grown(this.flags, Uint8Array, 1);
    this.sizes = grown(this.sizes, Float64Array, 1);
    this.owners = grown(this.owners, Uint16Array, 1);
    this.hashes = grown(this.hashes, Uint32Array, 2);
    this.pathEnds = grown(this.pathEnds, Uint32Array, 1);
  }

  path(row: number): string {
    const group = this.pathGroups[row >>> pathGroupBits];
    if (group === undefined) return this.openPaths[row & (pathGroupSize - 1)];
    const start = (row & (pathGroupSize - 1)) === 0 ? 0 : this.pathEnds[row - 1];
    return group.slice(start, this.pathEnds[row]);
  }

  type(row: number): EntryType {
    return typeCodes[this.flags[row] & typeMask];
  }

  size(row: number): number {
    return this.sizes[row];
  }

  mode(row: number): number {
    return this.rare.get(row)?.mode ?? this.ownerList[this.owners[row]][0];
  }

  /** A whiteout or opaque marker: a deletion, not a file. */
  isMarker(row: number): boolean {
    return (this.flags[row] & (whiteoutFlag | opaqueFlag)) !== 0;
  }

  isWhiteout(row: number): boolean {
    return (this.flags[row] & whiteoutFlag) !== 0;
  }

  isOpaque(row: number): boolean {
    return (this.flags[row] & opaqueFlag) !== 0;
  }

  /** The hash as two 32-bit halves, when it is one of 16 hex digits (else undefined: read `hash`). */
  packedHash(row: number): [high: number, low: number] | undefined {
    return this.flags[row] & packedHashFlag ? [this.hashes[row * 2], this.hashes[row * 2 + 1]] : undefined;
  }

  hash(row: number): string | undefined {
    if (this.flags[row] & packedHashFlag) return packedHashText(this.hashes[row * 2], this.hashes[row * 2 + 1]);
    return this.rare.get(row)?.hash;
  }

  /** The row as an object, made now: use it and let it go. */
  at(row: number): LayerEntry {
    const rare = this.rare.get(row);
    const flags = this.flags[row];
    const [mode, uid, gid] = rare?.mode !== undefined ? [rare.mode, rare.uid!, rare.gid!] : this.ownerList[this.owners[row]];
    const entry: LayerEntry = { path: this.path(row), type: typeCodes[flags & typeMask], size: this.sizes[row], mode, uid, gid };
    if (rare?.linkTarget !== undefined) entry.linkTarget = rare.linkTarget;
    const hash = this.hash(row);
    if (hash !== undefined) entry.hash = hash;
    if (flags & whiteoutFlag) entry.whiteout = true;
    if (flags & opaqueFlag) entry.opaque = true;
    if (rare?.unsafe !== undefined) entry.unsafe = rare.unsafe;
    return entry;
  }

  *[Symbol.iterator](): Iterator<LayerEntry> {
    for (let row = 0; row < this.count; row++) yield this.at(row);
  }

  find(predicate: (entry: LayerEntry) => unknown): LayerEntry | undefined {
    for (const entry of this) if (predicate(entry)) return entry;
    return undefined;
  }

  some(predicate: (entry: LayerEntry) => unknown): boolean {
    return this.find(predicate) !== undefined;
  }

  filter(predicate: (entry: LayerEntry) => unknown): LayerEntry[] {
    const result: LayerEntry[] = [];
    for (const entry of this) if (predicate(entry)) result.push(entry);
    return result;
  }

  map<T>(project: (entry: LayerEntry) => T): T[] {
    const result: T[] = [];
    for (const entry of this) result.push(project(entry));
    return result;
  }

  toArray(): LayerEntry[] {
    return [...this];
  }

  /** As the rows: how an index is written to the cache (a piece at a time, see layer-cache.ts). */
  toJSON(): LayerEntry[] {
    return this.toArray();
  }
}

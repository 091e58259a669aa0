/**
 * Paths and their parent/child links in typed arrays, for the merged filesystem of a million files: each
 * path gets a number once (an id), found through an open-addressing hash table, and ids are linked to their
 * parent's list of children. A path costs ~40 bytes here, where a Map entry plus a Set entry in its parent's
 * Set cost about twice that, and growing them left as much again behind as garbage.
 *
 * Each id holds one number for its owner (`value`, -1 when unset) and a directory mark. Ids are never freed:
 * a path removed and added again gets its old id back.
 *
 * The tree keeps no string of its own for a path its owner already holds: it is given a number (`source`)
 * that the owner's `resolve` turns back into the path. Other paths (directories only implied by deeper
 * ones, a few) are kept as strings.
 */
export const noId = -1;

/** The UTF-16 units a hash reads from each end of a string: a chain 50 000 directories deep must not hash in O(depth). */
const hashedEnds = 256;

/**
 * FNV-1a over a string's length and its first and last `hashedEnds` UTF-16 units. Paths that differ only in
 * their middle (rare; V8 hashes strings over 16 K by their length alone) share a hash and are told apart
 * by comparing them.
 */
export function stringHash(text: string): number {
  let hash = Math.imul(0x811c9dc5 ^ text.length, 0x01000193);
  // Two plain loops (the second empty for a short string): a closure per call costs more than the hashing.
  const long = text.length > 2 * hashedEnds;
  for (let i = 0; i < (long ? hashedEnds : text.length); i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  for (let i = long ? text.length - hashedEnds : text.length; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return hash >>> 0;
}

/**
 * Paths to ids through open addressing. A path's text is not kept when its owner can give it back: the id
 * holds the owner's number for it (`source`), and `resolve` turns that number back into the path.
 */
/** `from`'s values at the start of a new array of its type with `capacity` elements. */
export function grown<T extends Int32Array | Uint32Array | Uint8Array>(from: T, capacity: number): T {
  const to = new (from.constructor as new (length: number) => T)(capacity);
  to.set(from);
  return to;
}

/** `capacity` doubled until it holds `needed`. */
export function doubledTo(capacity: number, needed: number): number {
  while (capacity < needed) capacity *= 2;
  return capacity;
}

export class PathIndex {
  private idCount = 0;
  /** Per id, the owner's number for its path, or `noId` when the path is in `ownPaths`. */
  private sources = new Int32Array(32);
  /**
   * Per id, its path's hash: a probe compares paths only when hashes match, and a rehash reads no path
   * (an owner may make the path's text anew on each `resolve`).
   */
  private hashes = new Uint32Array(32);
  private readonly ownPaths = new Map<number, string>();
  /** Ids by hash of their path; `noId` where empty. Kept at most half full. */
  private slots = new Int32Array(64).fill(noId);

  constructor(private readonly resolve: (source: number) => string) {}

  get count(): number {
    return this.idCount;
  }

  /** Makes room for `extra` more ids at once, so that a big layer grows the arrays once. */
  reserve(extra: number): void {
    const needed = this.idCount + extra;
    if (needed > this.sources.length) {
      const capacity = doubledTo(this.sources.length, needed);
      this.sources = grown(this.sources, capacity);
      this.hashes = grown(this.hashes, capacity);
    }
    if (needed * 2 > this.slots.length) this.rehash(needed * 2);
  }

  /** The id of `path`, or `noId`. */
  id(path: string): number {
    return this.idHashed(path, stringHash(path));
  }

  private idHashed(path: string, hash: number): number {
    const mask = this.slots.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const id = this.slots[slot];
      if (id === noId || (this.hashes[id] === hash && this.path(id) === path)) return id;
    }
  }

  /** The id of `path`, made (the next id) if it has none; `source` is the owner's number for it, or `noId`. */
  idOrAdd(path: string, source = noId): number {
    const hash = stringHash(path);
    const found = this.idHashed(path, hash);
    if (found !== noId) return found;
    const id = this.idCount;
    this.reserve(1);
    this.idCount++;
    this.sources[id] = source;
    this.hashes[id] = hash;
    if (source === noId) this.ownPaths.set(id, path);
    this.place(id);
    return id;
  }

  path(id: number): string {
    const source = this.sources[id];
    return source === noId ? (this.ownPaths.get(id) as string) : this.resolve(source);
  }

  private place(id: number): void {
    const mask = this.slots.length - 1;
    let slot = this.hashes[id] & mask;
    while (this.slots[slot] !== noId) slot = (slot + 1) & mask;
    this.slots[slot] = id;
  }

  private rehash(minimum: number): void {
    let capacity = this.slots.length;
    while (capacity < minimum) capacity *= 2;
    this.slots = new Int32Array(capacity).fill(noId);
    for (let id = 0; id < this.idCount; id++) this.place(id);
  }
}

export class PathTree {
  private readonly index: PathIndex;
  private values = new Int32Array(32);
  private parents = new Int32Array(32);
  private firstChild = new Int32Array(32);
  private lastChild = new Int32Array(32);
  private nextSibling = new Int32Array(32);
  private previousSibling = new Int32Array(32);
  private dirs = new Uint8Array(32);

  constructor(resolve: (source: number) => string) {
    this.index = new PathIndex(resolve);
  }

  get count(): number {
    return this.index.count;
  }

  /** Makes room for `extra` more ids at once, so that a big layer grows the arrays once. */
  reserve(extra: number): void {
    this.index.reserve(extra);
    const needed = this.index.count + extra;
    if (needed > this.values.length) this.growIds(needed);
  }

  /** The id of `path`, or `noId`. */
  id(path: string): number {
    return this.index.id(path);
  }

  /**
   * The id of `path`, made (unlinked, value -1, not a directory) if it has none; `source` is the owner's
   * number for the path (see the class), or `noId` to keep the string here.
   */
  idOrAdd(path: string, source = noId): number {
    const fresh = this.index.count;
    const id = this.index.idOrAdd(path, source);
    if (id !== fresh) return id;
    if (id >= this.values.length) this.growIds(id + 1);
    this.values[id] = noId;
    this.parents[id] = noId;
    this.firstChild[id] = noId;
    this.lastChild[id] = noId;
    this.nextSibling[id] = noId;
    this.previousSibling[id] = noId;
    this.dirs[id] = 0;
    return id;
  }

  path(id: number): string {
    return this.index.path(id);
  }

  value(id: number): number {
    return this.values[id];
  }

  setValue(id: number, value: number): void {
    this.values[id] = value;
  }

  isDir(id: number): boolean {
    return this.dirs[id] === 1;
  }

  setDir(id: number, dir: boolean): void {
    this.dirs[id] = dir ? 1 : 0;
  }

  isLinked(id: number): boolean {
    return this.parents[id] !== noId;
  }

  firstChildOf(id: number): number {
    return this.firstChild[id];
  }

  nextSiblingOf(id: number): number {
    return this.nextSibling[id];
  }

  /** Appends `child` to the children of `parent`, unless it is linked already. */
  link(child: number, parent: number): void {
    if (this.parents[child] !== noId) return;
    this.parents[child] = parent;
    const last = this.lastChild[parent];
    this.previousSibling[child] = last;
    this.nextSibling[child] = noId;
    if (last === noId) this.firstChild[parent] = child;
    else this.nextSibling[last] = child;
    this.lastChild[parent] = child;
  }

  /** Takes `id` out of its parent's children (its own children stay linked to it). */
  unlink(id: number): void {
    const parent = this.parents[id];
    if (parent === noId) return;
    const previous = this.previousSibling[id];
    const next = this.nextSibling[id];
    if (previous === noId) this.firstChild[parent] = next;
    else this.nextSibling[previous] = next;
    if (next === noId) this.lastChild[parent] = previous;
    else this.previousSibling[next] = previous;
    this.parents[id] = noId;
    this.nextSibling[id] = noId;
    this.previousSibling[id] = noId;
  }

  /** The children of `id`, in the order they were linked. */
  *children(id: number): Generator<number> {
    for (let child = this.firstChild[id]; child !== noId; child = this.nextSibling[child]) yield child;
  }

  private growIds(minimum: number): void {
    const capacity = doubledTo(this.values.length, minimum);
    this.values = grown(this.values, capacity);
    this.parents = grown(this.parents, capacity);
    this.firstChild = grown(this.firstChild, capacity);
    this.lastChild = grown(this.lastChild, capacity);
    this.nextSibling = grown(this.nextSibling, capacity);
    this.previousSibling = grown(this.previousSibling, capacity);
    this.dirs = grown(this.dirs, capacity);
  }
}

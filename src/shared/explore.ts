/**
 * Exploring an analysed image: a treemap of every stored byte, a lazily expanded file tree, file search,
 * and the comparison of two images. Every call names the image by its id (`ImageAnalysis.id`); the core
 * keeps recently analysed images in memory and re-creates evicted ones from its on-disk layer cache, so an
 * image must have been analysed once (by `analyzeImage` or `compareImages`) before it can be explored.
 *
 * Views. A view is what one screen shows of an image:
 * - no `layer`: the whole image. The treemap's top level is the layers (every stored byte, the bytes that
 *   later layers hide included); the file tree is the final filesystem.
 * - `layer` + scope `aggregated`: the filesystem as it is after that layer (dive's "aggregated changes").
 * - `layer` + scope `layer`: what that layer's tar stores ("this layer only").
 * Sizes are bytes; shares are 0..1 of the image size (Σ layer sizes, as `ImageAnalysis.sizeBytes`).
 */
import type { AnalysisSource, FileChange, Finding, FindingCategory, ImageAnalysis, OsPackage } from './analysis';

export type TreeScope = 'aggregated' | 'layer';

export interface TreeView {
  /** Layer index; none: the whole image (the final filesystem for trees and searches). */
  layer?: number;
  /** With a layer: everything up to it (default) or that layer's own tar. */
  scope?: TreeScope;
}

export type EntryKind = 'dir' | 'file' | 'symlink' | 'hardlink' | 'other';

/**
 * How a stored byte is coloured by status: the layer's change to the path (against the layers below), or
 * `wasted` when this copy is not visible in the final image (overwritten or deleted later:
 * "removed but stored").
 */
export type ByteStatus = 'added' | 'modified' | 'unmodified' | 'wasted';

export interface TreemapOptions extends TreeView {
  /** The directory shown; default "/". Ignored at the image's top level (no layer). */
  path?: string;
  /** Upper bound on rectangles (default 300, at most 2000); smaller children fold into "N more". */
  maxNodes?: number;
  /** 1: the children of `path`; 2 (default): their children too. */
  depth?: 1 | 2;
}

export type TreemapNodeKind = 'layer' | EntryKind | 'more';

export interface TreemapNode {
  /** Unique within one treemap answer. */
  id: string;
  kind: TreemapNodeKind;
  /** File name, "Layer 3", or "12 more · 3.4 MB". */
  name: string;
  /** Absolute path ("/usr/lib"); "/" for a layer; the parent's path for a folded node. */
  path: string;
  /** The layer that wrote it; for a directory or folded node, the layer that wrote most of its bytes. */
  layer: number;
  bytes: number;
  /** bytes / image size. */
  share: number;
  /** Non-directory entries at and below it. */
  fileCount: number;
  /** For a directory or folded node: the status of most of its bytes. */
  status: ByteStatus;
  /** The finding most of its bytes belong to, if any. */
  category?: FindingCategory;
  /** A directory or layer with something inside: a click drills into it. */
  drillable: boolean;
  /** Folded node: how many entries it stands for. */
  foldedCount?: number;
  children?: TreemapNode[];
}

export interface Treemap {
  imageId: string;
  layer?: number;
  scope: TreeScope;
  path: string;
  /** The node at `path`; its children (and grandchildren) are the rectangles. */
  root: TreemapNode;
  imageBytes: number;
  /** Rectangles in this answer (root excluded). */
  nodeCount: number;
}

export interface DirectoryOptions extends TreeView {
  /** Default "/". */
  path?: string;
  /** Default "size" (largest first). */
  sort?: 'size' | 'name';
  /** Keep only entries the view's layer changed (and the directories that lead to them). */
  hideUnchanged?: boolean;
  offset?: number;
  /** Default 5000, at most 50000. */
  limit?: number;
}

export interface TreeEntry {
  name: string;
  path: string;
  kind: EntryKind;
  /** Σ sizes at and below (directories); the file's size; for a removed entry, what it removed. */
  bytes: number;
  /** Non-directory entries at and below. */
  fileCount: number;
  /** Direct children (directories). */
  childCount: number;
  /** The layer that wrote the entry (for an implied directory: the layer that wrote most of its bytes). */
  layer: number;
  /** What the view's layer did to it (A/M/D badges); the whole-image view: what the writing layer did. */
  status: FileChange;
  /** This copy is not visible in the final image (overwritten or deleted by a later layer). */
  wasted: boolean;
  /** Entries at and below that the view's layer changed. */
  changedCount: number;
  category?: FindingCategory;
  linkTarget?: string;
}

export interface DirectoryListing {
  path: string;
  entries: TreeEntry[];
  /** Entries in the directory after `hideUnchanged` (for paging). */
  total: number;
  offset: number;
}

export interface SearchOptions extends TreeView {
  /**
   * A glob when it has `*`, `?` or `[` (`**` crosses "/", a pattern without "/" matches file names, e.g.
   * `*.map`), otherwise a case-insensitive substring of the path.
   */
  query: string;
  /** Default 1000, at most 20000. */
  limit?: number;
  hideUnchanged?: boolean;
}

export interface SearchResult {
  /** Largest first. */
  matches: TreeEntry[];
  total: number;
  totalBytes: number;
}

export interface FileLocation {
  path: string;
  /** The layer whose copy the final filesystem shows; absent when the final image does not show the path. */
  visibleLayer?: number;
  /** Every layer whose tar stores the path, with the stored bytes. */
  storedIn: { layer: number; bytes: number }[];
}

export type FileDiffChange = 'added' | 'removed' | 'changed';

export interface FileDiffEntry {
  path: string;
  change: FileDiffChange;
  kind: EntryKind;
  /** Size in A (0 when added) and in B (0 when removed). */
  bytesA: number;
  bytesB: number;
  /** bytesB - bytesA. */
  delta: number;
}

export interface FileDiffOptions {
  /** Substring or glob, as `SearchOptions.query`. */
  filter?: string;
  change?: FileDiffChange | 'all';
  offset?: number;
  /** Default 200, at most 5000. */
  limit?: number;
}

export interface FileDiffPage {
  /** Sorted by |delta| (largest first), then path. */
  entries: FileDiffEntry[];
  /** Entries matching the filter. */
  total: number;
  offset: number;
}

export interface FileDiffSummary {
  added: number;
  removed: number;
  changed: number;
  addedBytes: number;
  removedBytes: number;
  /** Σ delta of changed files. */
  changedBytes: number;
}

export interface PackageDiff {
  manager: string;
  added: OsPackage[];
  removed: OsPackage[];
  changed: { name: string; from: string; to: string }[];
  unchanged: number;
}

export interface SetDiff {
  /** "Shells", "Setuid files", … */
  label: string;
  onlyA: string[];
  onlyB: string[];
  common: number;
}

export interface ImageComparison {
  a: ImageAnalysis;
  b: ImageAnalysis;
  /** b.sizeBytes - a.sizeBytes. */
  deltaBytes: number;
  /** Leading layers both images share (same diff IDs). */
  sharedLayers: number;
  files: FileDiffSummary;
  /** The first page of the file diff, unfiltered; more with `getFileDiff`. */
  fileDiff: FileDiffPage;
  /** Null when neither image has a package database. */
  packages: PackageDiff | null;
  attackSurface: { runsAsRoot: [boolean, boolean]; user: [string, string]; sets: SetDiff[] };
  findings: { appeared: Finding[]; disappeared: Finding[]; persisting: { a: Finding; b: Finding }[] };
}

export interface CompareOptions {
  operationId?: string;
}

export interface ExploreApi {
  /** Rectangles for the treemap of a view at a directory: at most a few hundred, small ones folded. */
  getTreemap(imageId: string, options?: TreemapOptions): Promise<Treemap>;
  /** One directory of a view: the children, paged, for a lazily expanded, virtualised tree. */
  listDirectory(imageId: string, options?: DirectoryOptions): Promise<DirectoryListing>;
  /** Entries of a view whose path matches a glob or substring, largest first. */
  searchFiles(imageId: string, options: SearchOptions): Promise<SearchResult>;
  /** Where a path is visible and which layers store it (to reveal a finding's file in the tree). */
  locateFile(imageId: string, path: string): Promise<FileLocation>;
  /** Analyses both images (cached layers are not read again) and compares them. */
  compareImages(a: AnalysisSource, b: AnalysisSource, options?: CompareOptions): Promise<ImageComparison>;
  /** A page of the file-level diff of two analysed images (ids as in `ImageComparison`). */
  getFileDiff(imageIdA: string, imageIdB: string, options?: FileDiffOptions): Promise<FileDiffPage>;
}

export const exploreMethods = [
  'getTreemap',
  'listDirectory',
  'searchFiles',
  'locateFile',
  'compareImages',
  'getFileDiff',
] as const satisfies readonly (keyof ExploreApi)[];

/**
 * The analysis result DTO: what `analyzeImage` returns to every front door (UI, CLI `inspect --json`,
 * reports). Sizes are bytes; ratios are 0..1.
 */

import type { BaseImageInfo } from './contract';

/**
 * Where an image can be read from, with the words that name one: the one source of the union. A new kind
 * is an entry here, then the compiler points at its reader (the exhaustive switch in core/services'
 * `readSource`) and the CLI's argument parsing.
 */
export const analysisSourceKindInfo = {
  engine: { label: 'engine image' },
  archive: { label: 'archive' },
  'oci-dir': { label: 'OCI layout' },
  registry: { label: 'registry image' },
} as const satisfies Record<string, { label: string }>;
export type AnalysisSourceKind = keyof typeof analysisSourceKindInfo;
export const analysisSourceKinds = Object.keys(analysisSourceKindInfo) as AnalysisSourceKind[];

export interface AnalysisSource {
  kind: AnalysisSourceKind;
  /**
   * An image name or id for `engine`; `REGISTRY/REPO:TAG` or `REGISTRY/REPO@sha256:…` for `registry` (read in
   * place, never pulled); a file or folder path otherwise.
   */
  ref: string;
}

export interface AnalysisOptions {
  operationId?: string;
  /** "linux/amd64", "linux/arm64/v8", … for multi-platform indexes; default: the engine's platform. */
  platform?: string;
}

/** What a layer did to a path, compared with the layers below it. */
export type FileChange = 'added' | 'modified' | 'removed' | 'unmodified';

export interface AnalyzedLayer {
  index: number;
  /** Diff ID of the layer. */
  digest: string;
  /** Σ file sizes in the layer tar (dive's layer size). */
  sizeBytes: number;
  instruction: string;
  createdBy: string;
  /** Regular files, links and directories in the layer (whiteout markers excluded). */
  fileCount: number;
  /** Paths this layer added / modified / removed (a directory counts its own entry, not its children). */
  added: number;
  modified: number;
  removed: number;
  /** Bytes this layer stores that the final filesystem does not show (overwritten or deleted later). */
  wastedBytes: number;
}

/** dive's inefficient path: the same path written by two or more layers. */
export interface InefficientFile {
  path: string;
  cumulativeBytes: number;
  /** Layer indexes where the path appears (a whiteout counts). */
  layers: number[];
}

/**
 * Every finding category with its name and colour, in the order the UI lists them: the type, the CI gate's
 * list and the UI's names and colours all come from here, so a new category is one line.
 */
export const findingCategoryInfo = {
  'package-cache': { name: 'Package cache', color: '#ea580c' },
  'dev-dependencies': { name: 'Dev dependencies', color: '#db2777' },
  'build-toolchain': { name: 'Build toolchain', color: '#7c3aed' },
  'vcs-directory': { name: 'VCS directory', color: '#0891b2' },
  'tests-docs-sourcemaps': { name: 'Tests, docs, source maps', color: '#ca8a04' },
  'hidden-by-later-layer': { name: 'Hidden by a later layer', color: '#dc2626' },
  'permission-rewrite': { name: 'Permission rewrite', color: '#c026d3' },
  'duplicate-files': { name: 'Duplicate files', color: '#0d9488' },
  'large-base-image': { name: 'Large base image', color: '#4f46e5' },
} as const satisfies Record<string, { name: string; color: string }>;

export type FindingCategory = keyof typeof findingCategoryInfo;

export const findingCategories = Object.keys(findingCategoryInfo) as FindingCategory[];

export interface FindingFile {
  path: string;
  bytes: number;
}

export interface Finding {
  category: FindingCategory;
  title: string;
  /** Bytes a fix would save. */
  bytes: number;
  /** The layer that caused it (-1 when it spans the image). */
  layerIndex: number;
  instruction: string;
  /** The largest files involved (top N). */
  files: FindingFile[];
  fileCount: number;
  /** What to change, concretely. */
  fix: string;
  /** The layer belongs to the base image: no instruction of the user's Dockerfile made it. */
  inBase?: boolean;
}

export interface OsPackage {
  name: string;
  version: string;
}

export interface AttackSurface {
  osPackages: { manager: 'dpkg' | 'apk'; count: number; packages: OsPackage[] } | null;
  shells: string[];
  packageManagers: string[];
  compilers: string[];
  setuidFiles: string[];
  setgidFiles: string[];
  /** World-writable directories WITHOUT the sticky bit (anyone can delete others' files): the risky ones. */
  worldWritableDirs: string[];
  /** World-writable directories with the sticky bit (/tmp, /var/tmp): expected, listed for completeness. */
  worldWritableStickyDirs: string[];
  runsAsRoot: boolean;
  user: string;
  fileCount: number;
  executableCount: number;
}

export interface DuplicateGroup {
  /** The content hash the copies share (XXH64, hex; as dive hashes file contents). */
  hash: string;
  sizeBytes: number;
  paths: string[];
  /** What keeping one copy would save. */
  wastedBytes: number;
}

export interface ImageAnalysis {
  source: AnalysisSource;
  /** First repo tag, else the short id. */
  name: string;
  /** The config digest (image ID). */
  id: string;
  repoTags: string[];
  os: string;
  architecture: string;
  variant?: string;
  /** Σ layer sizes as dive counts them. */
  sizeBytes: number;
  /** Σ sizes of layers after the first (dive's "user size"). */
  userSizeBytes: number;
  /** The image it was built on, and how LayerLens knows. */
  base: BaseImageInfo;
  /** Σ sizes of the layers the build added on top of its base (null when the base is not known). */
  ownSizeBytes: number | null;
  layers: AnalyzedLayer[];
  /** dive's efficiency score. */
  efficiency: number;
  /** True waste: bytes stored but invisible in the final filesystem, each counted once. */
  wastedBytes: number;
  dive: { efficiency: number; wastedBytes: number; userWastedPercent: number };
  /** dive's inefficient paths, largest first. */
  inefficientFiles: InefficientFile[];
  duplicates: { wastedBytes: number; groups: DuplicateGroup[] };
  /** Largest bytes first. */
  findings: Finding[];
  attackSurface: AttackSurface;
  /** What applying every fix would save, without counting a byte twice. */
  potentialSavingBytes: number;
  /** How many layers were read now and how many came from the on-disk index cache. */
  cache: { layersRead: number; layersFromCache: number };
  /** What the analysis left out to stay within its limits, and what that makes incomplete (empty when nothing). */
  limits: string[];
  analysedAt: string;
}

export interface AnalysisApi {
  /** Every byte of an image explained: sizes, waste, dive's efficiency, findings, attack surface. */
  analyzeImage(source: AnalysisSource, options?: AnalysisOptions): Promise<ImageAnalysis>;
}

export const analysisMethods = ['analyzeImage'] as const satisfies readonly (keyof AnalysisApi)[];

/**
 * What an archive reader produces and the analysis consumes: the image config and, per layer, the index
 * of its tar entries. Plain data, so it can be cached on disk by layer digest.
 */
import type { EntryTable } from './entry-table';

export type EntryType = 'file' | 'dir' | 'symlink' | 'hardlink' | 'other';

export interface LayerEntry {
  /** Absolute, normalised path ("/usr/bin/node"); for a whiteout, the path it deletes. */
  path: string;
  type: EntryType;
  /** Bytes as the tar header gives them (0 for directories, links and whiteouts). */
  size: number;
  mode: number;
  uid: number;
  gid: number;
  /** Symlink or hardlink target, as written in the tar. */
  linkTarget?: string;
  /** Content hash (hex, the index's `contentHash` algorithm), regular files only. */
  hash?: string;
  /** A `.wh.<name>` entry: deletes `path` from the layers below. */
  whiteout?: true;
  /** A `.wh..wh..opq` entry: `path` is the directory whose lower-layer contents are hidden. */
  opaque?: true;
  /** Why the entry is unsafe (a `..` component, an absolute symlink): recorded, never followed. */
  unsafe?: string;
}

export interface LayerIndex {
  /** The layer's diff ID: sha256 of its uncompressed tar. */
  diffId: string;
  /** Σ entry sizes, as dive counts a layer. */
  sizeBytes: number;
  /** The algorithm of the entries' `hash` (`contentHashAlgorithm`): indexes hashed otherwise do not compare. */
  contentHash: string;
  /** The capture policy it was made under (`captureVersion`): another policy's index is a cache miss. */
  captures: number;
  /** Tar entries in tar order (whiteout and opaque markers included), in columns. */
  entries: EntryTable;
  /**
   * Contents of small text files the analysis parses (package databases, lockfiles, /etc/passwd), keyed by
   * entry path, as stored in THIS layer. Optional: without it the analysis skips OS packages and
   * devDependencies. Which files: `shouldCapture(path, size)` in core/analysis/captured-files.ts.
   */
  captured?: Record<string, string>;
  /** Files the capture wanted but its budget left out: what the analysis then cannot say is incomplete. */
  capturedSkipped?: number;
}

/** The parts of the OCI / Docker image config that LayerLens reads. */
export interface ImageConfigFile {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string;
    Env?: string[] | null;
    Cmd?: string[] | null;
    Entrypoint?: string[] | null;
    WorkingDir?: string;
    ExposedPorts?: Record<string, unknown> | null;
    Labels?: Record<string, string> | null;
  };
  rootfs?: { type?: string; diff_ids?: string[] };
  history?: { created?: string; created_by?: string; empty_layer?: boolean; comment?: string }[];
}

export type Compression = 'none' | 'gzip' | 'zstd';

export interface LoadedLayer {
  diffId: string;
  /** The blob's digest in the archive (compressed for OCI layouts), when known. */
  blobDigest?: string;
  compression: Compression;
  index: LayerIndex;
}

export interface LoadedImage {
  /** Where it came from, for display ("engine image node:18", "archive /tmp/x.tar"). */
  source: string;
  repoTags: string[];
  /** Digest of the config blob: the image ID. */
  configDigest: string;
  config: ImageConfigFile;
  layers: LoadedLayer[];
}

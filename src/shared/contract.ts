/**
 * The one API contract of LayerLens. `core` implements it once; the IPC adapter (main + preload), the
 * HTTP/WebSocket adapter (server) and the CLI are generic over `apiMethods`, so adding a method here is
 * the only glue a new capability needs.
 */
import { analysisMethods, type AnalysisApi } from './analysis';
import type { ApiErrorData } from './errors';
import { reportMethods, type ReportApi } from './report';
import { exploreMethods, type ExploreApi } from './explore';
import { rebuildMethods, type RebuildApi } from './rebuild';

export type EngineKind = 'docker' | 'podman';

export interface EngineInfo {
  kind: EngineKind;
  /** "Docker Engine - Community", "Podman Engine", … as the engine names itself. */
  name: string;
  version: string;
  apiVersion: string;
  os: string;
  arch: string;
  kernelVersion?: string;
  operatingSystem?: string;
}

export type ConnectionState = 'connecting' | 'connected' | 'disconnected';

export interface ConnectionStatus {
  state: ConnectionState;
  /** Where LayerLens looks for the engine, e.g. "unix:///var/run/docker.sock (default socket)". */
  endpoint: string;
  engine?: EngineInfo;
  error?: ApiErrorData;
  /** When disconnected: the next automatic retry, as epoch milliseconds. */
  nextRetryAt?: number;
}

export interface ImageSummary {
  id: string;
  /** "repo:tag" names; empty for a dangling image. */
  repoTags: string[];
  repoDigests: string[];
  /** Unix seconds. */
  created: number;
  sizeBytes: number;
  dangling: boolean;
  containers: number;
}

export interface ImageList {
  images: ImageSummary[];
  /** Disk used by all images, shared layers counted once (what `docker system df` reports). */
  totalDiskBytes: number;
}

export interface ImageConfigSummary {
  env: string[];
  cmd: string[] | null;
  entrypoint: string[] | null;
  user: string;
  exposedPorts: string[];
  workingDir: string;
  labels: Record<string, string>;
  stopSignal?: string;
  healthcheck?: string[];
}

export interface LayerInfo {
  index: number;
  /** The layer's diff ID (digest of its uncompressed tar). */
  digest: string;
  sizeBytes: number;
  /** The instruction that made the layer, cleaned of the builder's `/bin/sh -c #(nop)` prefixes. */
  instruction: string;
  /** The raw `created_by` text of the history entry. */
  createdBy: string;
  /** ISO time, when the history has it. */
  created?: string;
  comment?: string;
}

/** A history entry that made no layer (ENV, CMD, LABEL, …). */
export interface MetadataStep {
  /** The index of the layer this step follows (-1 before the first layer). */
  afterLayer: number;
  instruction: string;
  created?: string;
}

/** The image an image was built on, and how LayerLens knows. */
export interface BaseImageInfo {
  /**
   * local-image: a local image's layers are the first layers of this one; label: the image's OCI label
   * names it (its layers cannot be told apart); unknown: neither.
   */
  how: 'local-image' | 'label' | 'unknown';
  /** "node:18", or a short id for an untagged base. */
  name?: string;
  id?: string;
  /** How many of the image's first layers are the base's (0 when not known). */
  layerCount: number;
  /** Bytes of those layers. */
  sizeBytes: number;
  /** Smaller local images that look like a variant of the base, with their sizes (measured in this engine). */
  smaller: { name: string; sizeBytes: number }[];
}

export interface ImageDetail {
  id: string;
  repoTags: string[];
  repoDigests: string[];
  created: string;
  sizeBytes: number;
  os: string;
  architecture: string;
  variant?: string;
  author?: string;
  config: ImageConfigSummary;
  layers: LayerInfo[];
  metadataSteps: MetadataStep[];
  /**
   * False when the engine's history could not be matched to the layers without guessing (a zero-byte
   * layer among zero-byte metadata steps); the sizes are exact either way.
   */
  historyExact: boolean;
  /** The image it was built on: the first `base.layerCount` layers are the base's, the rest the build's. */
  base: BaseImageInfo;
}

export interface AppInfo {
  name: string;
  version: string;
  /** Which front door serves this client. */
  frontDoor: 'electron' | 'serve' | 'cli';
}

/** Options every long operation accepts: an id for progress events and for `cancel`. */
export interface OperationOptions {
  operationId?: string;
}

export interface ProgressEvent {
  operationId: string;
  phase: string;
  done: number;
  total?: number;
  /** A log line or the current step's text (builds). */
  detail?: string;
}

export interface ImageChange {
  action: string;
  id: string;
}

/** What the images list shows once it has looked closer: base, own and shared bytes, the saving an analysis found. */
export interface ImageFacts {
  id: string;
  /** The image it was built on (a local image sharing its first layers), when there is one. */
  base: { name: string; id: string; layerCount: number } | null;
  /** Bytes no other image shares (what removing it would free, if no container holds it). */
  ownBytes: number;
  /** Bytes shared with other images. */
  sharedBytes: number;
  /** From a stored analysis, when the image was analysed. */
  potentialSavingBytes: number | null;
}

/** What removing images would do, said before it is done. */
export interface RemovalPreview {
  images: {
    id: string;
    /** The names it goes by; "<none>" for a dangling image. */
    names: string[];
    /** Bytes freed: its own bytes, when this removes the image (0 when another tag keeps it). */
    freedBytes: number;
    /** Why it cannot be removed (a container uses it), when it cannot. */
    blocked?: string;
  }[];
  freedBytes: number;
}

/** Engine, images and operations: the foundation's part of the contract. */
export interface EngineApi {
  getAppInfo(): Promise<AppInfo>;
  getConnection(): Promise<ConnectionStatus>;
  /** Drop the current connection and look for the engine again now (the "Retry" button). */
  reconnect(): Promise<ConnectionStatus>;
  listImages(): Promise<ImageList>;
  /** Base, own and shared bytes per image (slower than the list: it inspects each image once). */
  describeImages(): Promise<ImageFacts[]>;
  inspectImage(ref: string, options?: OperationOptions): Promise<ImageDetail>;
  /** What removing these images (names or ids) would free; removes nothing. */
  previewRemoval(refs: string[]): Promise<RemovalPreview>;
  /**
   * Removes the images after the user confirmed the preview: `confirmedBytes` must equal the preview's
   * `freedBytes`, so what is removed is what was shown. A tag with other tags on its image only untags.
   */
  removeImages(refs: string[], confirmedBytes: number): Promise<RemovalPreview>;
  /** The dangling images (`<none>`) and what removing them would free. */
  previewPrune(): Promise<RemovalPreview>;
  /** Removes the dangling images shown by `previewPrune`, after confirmation (same check as removeImages). */
  pruneImages(confirmedBytes: number): Promise<RemovalPreview>;
  /** Cancel a running operation; true when one was running under that id. */
  cancel(operationId: string): Promise<boolean>;
}

export const engineMethods = [
  'getAppInfo',
  'getConnection',
  'reconnect',
  'listImages',
  'describeImages',
  'inspectImage',
  'previewRemoval',
  'removeImages',
  'previewPrune',
  'pruneImages',
  'cancel',
] as const satisfies readonly (keyof EngineApi)[];

/**
 * The whole contract: one interface per capability, each with its method list in its own file.
 * A new capability adds its interface here and its method list to `apiMethods`.
 */
export interface LayerLensApi extends EngineApi, AnalysisApi, ExploreApi, ReportApi, RebuildApi {}

export type ApiMethod = keyof LayerLensApi;

export const apiMethods = [
  ...engineMethods,
  ...analysisMethods,
  ...exploreMethods,
  ...reportMethods,
  ...rebuildMethods,
] as const satisfies readonly ApiMethod[];

// Compile-time check that `apiMethods` names every method of the contract.
type Missing = Exclude<ApiMethod, (typeof apiMethods)[number]>;
const everyMethodListed: Missing extends never ? true : Missing = true;
void everyMethodListed;

export function isApiMethod(name: unknown): name is ApiMethod {
  return typeof name === 'string' && (apiMethods as readonly string[]).includes(name);
}

export interface LayerLensEvents {
  connection: ConnectionStatus;
  imagesChanged: ImageChange;
  progress: ProgressEvent;
}

export type EventName = keyof LayerLensEvents;
export const eventNames = ['connection', 'imagesChanged', 'progress'] as const satisfies readonly EventName[];

export interface EventMessage<K extends EventName = EventName> {
  event: K;
  payload: LayerLensEvents[K];
}

export type Unsubscribe = () => void;

export interface EventSource {
  on<K extends EventName>(event: K, listener: (payload: LayerLensEvents[K]) => void): Unsubscribe;
}

/** What a client holds: the contract plus its events. */
export type LayerLensClient = LayerLensApi & EventSource;

/**
 * The rebuild capability (issue 5): propose a lean multi-stage Dockerfile for a build context (what
 * LayerLens found, what it proposes and why), build it beside the original, verify that both behave the
 * same, and remember which folder an image is built from. Plain JSON, so the same objects cross IPC/HTTP
 * to the UI and are printed by the CLI. `core/dockerfile/types.ts` and `core/build/*` re-export these types.
 */
import type { OperationOptions } from './contract';

// ---- The rewrite: what `planOptimization` (core/dockerfile) returns ----

/** What the runtime (or builder) base image offers; unknown fields are guessed from the image name. */
export interface BaseFacts {
  /** A `node` user exists (official node images). */
  nodeUser?: boolean;
  /** npm is on the PATH. */
  npm?: boolean;
  libc?: 'glibc' | 'musl';
  /** A POSIX shell at /bin/sh (false for distroless). */
  shell?: boolean;
  /** How a user can be created: `useradd` (Debian, RHEL), `adduser` (BusyBox/Alpine), or not at all. */
  userTool?: 'useradd' | 'adduser' | 'none';
}

export type ChangeKind =
  | 'stages'
  | 'base-image'
  | 'dependencies'
  | 'build'
  | 'sources'
  | 'user'
  | 'env'
  | 'command'
  | 'secrets'
  | 'kept'
  | 'dockerignore'
  | 'warning';

/** One change of the rewrite, with its reason, tied to the original line it comes from. */
export interface DockerfileChange {
  /** Stable slug, e.g. "production-dependencies". */
  id: string;
  kind: ChangeKind;
  title: string;
  reason: string;
  /** 1-based line in the original Dockerfile this change is about (absent for additions). */
  originalLine?: number;
  /** The original instruction text (first line). */
  originalText?: string;
  /** 1-based lines of the proposed Dockerfile that this change produced. */
  leanLines: number[];
  /** Bytes this change is expected to save, when measurable. */
  bytes?: number;
}

export type LintSeverity = 'info' | 'warning';

/** A size-lint finding for any Dockerfile (Node or not). */
export interface LintFinding {
  rule:
    | 'apt-lists-not-removed'
    | 'apt-no-install-recommends'
    | 'pip-cache'
    | 'apk-cache'
    | 'rm-in-separate-layer'
    | 'add-url'
    | 'copy-all-before-install'
    | 'consecutive-runs';
  severity: LintSeverity;
  /** 1-based line of the instruction. */
  line: number;
  message: string;
  /** What to do, in words. */
  fix: string;
  /** The instruction rewritten with the fix, when the fix is mechanical. */
  fixedText?: string;
}

export type PackageManager = 'npm' | 'yarn-classic' | 'yarn-berry' | 'pnpm';

export interface NodeProject {
  name?: string;
  packageManager: PackageManager;
  /** The lockfile in the context root, if any. */
  lockfile?: string;
  /** Workspace package directories (relative, posix), resolved from the globs. */
  workspaces: string[];
  /** The build script's name ("build") when the project has one. */
  buildScript?: string;
  buildCommand?: string;
  /** The build output directory (relative), when known. */
  buildOutput?: string;
  scripts: Record<string, string>;
  dependencies: string[];
  devDependencies: string[];
  /** Why the project needs native addons (binding.gyp, *.node, known native packages); empty when none. */
  nativeAddons: string[];
  /** `.npmrc` (and for berry `.yarnrc.yml`) found in the context root. */
  npmrc: boolean;
  npmrcHasToken: boolean;
  /** Node major version from the FROM tag, `engines.node` or `.nvmrc`. */
  nodeVersion?: string;
  nodeVersionSource?: 'from' | 'engines' | 'nvmrc';
  /** Extra files the package manager needs beside package.json and the lockfile (.yarnrc.yml, .yarn/releases…). */
  managerFiles: string[];
  main?: string;
}

export interface DockerignoreProposal {
  /** The user's .dockerignore, or null when there is none. */
  existing: string | null;
  /** The merged file: LayerLens's lines first, then the user's file verbatim (their rules win). */
  merged: string;
  /** The patterns LayerLens added. */
  added: string[];
  /** Patterns LayerLens did not add, with why (e.g. the build needs the file). */
  skipped: { pattern: string; reason: string }[];
}

export interface StartCommand {
  /** What the original ran (exec form), after resolving shell form. */
  original: string[] | null;
  /** What the lean image runs. */
  lean: string[] | null;
  /** How it was resolved: kept, shell form -> exec form, `npm start` -> the script, … */
  resolution: 'kept' | 'exec-form' | 'npm-script' | 'shell-wrapped' | 'none';
  /** The script that was resolved, e.g. "start": "node server.js". */
  script?: string;
  /** The file the command runs, when it is a node entry (relative to WORKDIR). */
  entryFile?: string;
}

export interface OptimizeOptions {
  /** The build context directory. */
  contextDir: string;
  /** The Dockerfile, relative to the context (default "Dockerfile") or absolute. */
  dockerfile?: string;
  runtimeBase?: string;
  builderBase?: string;
  /** What the chosen bases offer (the engine can probe them); guessed from the names otherwise. */
  runtimeFacts?: BaseFacts;
  builderFacts?: BaseFacts;
  /** Build arguments, used to resolve ARG-parametrised FROM lines for detection. */
  buildArgs?: Record<string, string>;
  /** Offer BuildKit-only features (cache mounts). Off: the result builds on the legacy builder. */
  buildkit?: boolean;
}

export interface OptimizePlan {
  /** "node-rewrite": a multi-stage Dockerfile is proposed; "lint-only": not Node.js, size lint only. */
  kind: 'node-rewrite' | 'lint-only';
  contextDir: string;
  /** Absolute path of the original Dockerfile, and its name relative to the context. */
  dockerfilePath: string;
  dockerfileName: string;
  original: string;
  /** The proposed Dockerfile (for lint-only: the original with the mechanical lint fixes, or null). */
  dockerfile: string | null;
  /** Unified diff original -> proposed ("" when nothing is proposed). */
  diff: string;
  changes: DockerfileChange[];
  lint: LintFinding[];
  dockerignore: DockerignoreProposal | null;
  /** Plain-language notes for the user (e.g. "The rewrite covers Node.js projects"). */
  messages: string[];
  project: NodeProject | null;
  bases: { original: string; builder: string; runtime: string };
  start: StartCommand | null;
  /** What verification should do with the images. */
  verify: { ports: number[]; healthcheck: boolean };
}

// ---- The rebuild: what `rebuildLean` (core/build) returns ----

export interface BuiltImage {
  image: string;
  id: string;
  sizeBytes: number;
  /** False when an existing image was reused. */
  built: boolean;
  durationMs?: number;
}

export interface VerifyCheck {
  name: string;
  passed: boolean;
  original: string;
  lean: string;
}

export interface ContainerRun {
  image: string;
  container: string;
  logs: string;
  exitCode?: number | null;
  /** Why the run could not be checked (did not start, did not answer in time). */
  problem?: string;
}

export interface VerifyResult {
  passed: boolean;
  mode: 'http' | 'healthcheck' | 'command';
  checks: VerifyCheck[];
  original: ContainerRun;
  lean: ContainerRun;
}

export interface RebuildResult {
  original: BuiltImage;
  lean: BuiltImage;
  /** lean / original size. */
  ratio: number;
  savedBytes: number;
  verify?: VerifyResult;
}

export interface WrittenFile {
  path: string;
  /** written: the file is new or replaced; unchanged: it already had this content; kept: it exists with other content and was not replaced. */
  status: 'written' | 'unchanged' | 'kept';
}

export interface LeanFiles {
  dockerfile: WrittenFile;
  dockerignore?: WrittenFile;
}

// ---- The contract ----

/** What a plan is made from: the build context, the Dockerfile and the chosen bases. */
export interface PlanRebuildOptions extends OperationOptions {
  /** The build context folder (absolute, or relative to the process that serves the core). */
  contextDir: string;
  /** The Dockerfile, relative to the context (default "Dockerfile") or absolute. */
  dockerfile?: string;
  /** Runtime base image; default: LayerLens's mapping of the original base (node:X -> node:X-alpine / -slim). */
  runtimeBase?: string;
  /** Builder base image; default: the original base. */
  builderBase?: string;
  /** The original image's name, when the wizard was opened from an image (names the defaults). */
  image?: string;
}

export interface RebuildPlan {
  plan: OptimizePlan;
  /** Absolute context folder, as the core resolved it. */
  contextDir: string;
  /** What the build will be called unless the user changes it. */
  defaults: {
    /** The original image: reused when it exists, built from the original Dockerfile otherwise. */
    image: string;
    /** `<repo>:<tag>-lean`. */
    leanTag: string;
  };
  /** Whether the engine was asked what each base offers (false: guessed from the image name). */
  probed: { runtime: boolean; builder: boolean };
  /** Where the proposal will be written: `<Dockerfile>.lean` and `.dockerignore.lean` (absolute). */
  leanFiles: { dockerfile: string; dockerignore: string | null };
}

export interface RunRebuildRequest {
  contextDir: string;
  dockerfile?: string;
  runtimeBase?: string;
  builderBase?: string;
  /** The original image's name; default from the context folder's name. Reused when it exists. */
  image?: string;
  /** Default `<repo>:<tag>-lean` of `image`. */
  leanTag?: string;
  /** Allow moving an existing lean tag to the new image. */
  replaceTags?: boolean;
  /** Write Dockerfile.lean and .dockerignore.lean beside the original (never over the user's files). Default true. */
  writeFiles?: boolean;
  /** Run both images and compare their answers; omit to skip. */
  verify?: { paths?: string[]; timeoutMs?: number };
}

/** Progress phases of `runRebuild` (ProgressEvent.phase); `done`/`total` are build steps, `detail` a log line. */
export type RebuildProgressPhase = 'plan' | 'build-original' | 'build-lean' | 'verify';
export const rebuildPhases = ['plan', 'build-original', 'build-lean', 'verify'] as const satisfies readonly RebuildProgressPhase[];

export interface RebuildOutcome {
  /** The plan that was built (made again from the request, so it is what is on disk now). */
  plan: OptimizePlan;
  result: RebuildResult;
  /** What was written beside the original; null when writing was not asked for. */
  files: LeanFiles | null;
}

export interface RememberedContext {
  /** The image reference it was remembered for. */
  imageRef: string;
  contextDir: string;
  dockerfile?: string;
  /** ISO time. */
  rememberedAt: string;
  /** False when the folder is gone (moved, deleted). */
  exists: boolean;
}

export interface ChooseFolderOptions {
  title?: string;
  defaultPath?: string;
}

export interface RebuildApi {
  /** Proposes the lean multi-stage Dockerfile; the bases are probed through the engine when it has them. */
  planRebuild(options: PlanRebuildOptions): Promise<RebuildPlan>;
  /**
   * Builds the original (unless it exists) and the lean image, optionally writes the lean files and
   * verifies both. Progress: phase, step n/m, log lines in `detail`; cancellable by operation id.
   */
  runRebuild(request: RunRebuildRequest, options?: OperationOptions): Promise<RebuildOutcome>;
  /** The build context folder remembered for an image (same name first, then the same repository). */
  getRememberedContext(imageRef: string): Promise<RememberedContext | null>;
  rememberContext(imageRef: string, contextDir: string, dockerfile?: string): Promise<RememberedContext>;
  /** The native folder picker (Electron); null when cancelled or when the front door has none (serve, CLI). */
  chooseFolder(options?: ChooseFolderOptions): Promise<string | null>;
}

export const rebuildMethods = [
  'planRebuild',
  'runRebuild',
  'getRememberedContext',
  'rememberContext',
  'chooseFolder',
] as const satisfies readonly (keyof RebuildApi)[];

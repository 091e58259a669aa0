/**
 * The rebuild capability: keep the original build, copy out what the app needs onto a smaller runtime
 * base, and let verification choose among lean candidates (what LayerLens found, what it proposes and why);
 * build beside the original, compare both images' behaviour and config, and remember which folder an image
 * is built from. Plain JSON, so the same objects cross IPC/HTTP to the UI and are printed by the CLI.
 */
import type { OperationOptions } from './contract';

// ---- The rewrite: what `planOptimization` (core/dockerfile) returns ----

/** What a base image offers; asked of the image when the engine has it, else guessed from its name. */
export interface BaseFacts {
  /** A `node` user exists (official node images). */
  nodeUser?: boolean;
  /** Package managers on the PATH. */
  npm?: boolean;
  yarn?: boolean;
  pnpm?: boolean;
  libc?: 'glibc' | 'musl';
  /** A POSIX shell at /bin/sh (false for distroless). */
  shell?: boolean;
  /** How a user can be created: `useradd` (Debian, RHEL), `adduser` (BusyBox/Alpine), or not at all. */
  userTool?: 'useradd' | 'adduser' | 'none';
  /** The OS package manager. */
  packageTool?: 'apt' | 'apk' | 'rpm' | 'none';
  curl?: boolean;
  wget?: boolean;
}

export type ChangeKind =
  'stages' | 'base-image' | 'dependencies' | 'copy' | 'os-packages' | 'user' | 'command' | 'secrets' | 'dockerignore' | 'warning';

/** One change of the rewrite, with its reason, tied to the original line it comes from. */
export interface DockerfileChange {
  /** Stable slug, e.g. "prune-dev-dependencies". */
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
  /** The image config fields this change alters on purpose (Cmd, User, Env…), so a config comparison can tell. */
  configFields?: string[];
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
  /** Workspace package directories (relative, posix), resolved from the globs inside the context. */
  workspaces: string[];
  scripts: Record<string, string>;
  dependencies: string[];
  devDependencies: string[];
  /** Why the project needs native addons (binding.gyp, *.node, known native packages); empty when none. */
  nativeAddons: string[];
  /** `.npmrc` in the context root, and whether it holds a registry token. */
  npmrc: boolean;
  npmrcHasToken: boolean;
  /** Node major version from the FROM tag, `engines.node` or `.nvmrc`. */
  nodeVersion?: string;
  nodeVersionSource?: 'from' | 'engines' | 'nvmrc';
  /** Yarn Berry's linker: "pnp" keeps no node_modules to prune. */
  yarnLinker?: 'pnp' | 'node-modules';
  /** Yarn Berry's major version, when the release or packageManager names it. */
  yarnMajor?: number;
  /** Yarn Berry plugins declared in .yarnrc.yml. */
  yarnPlugins: string[];
  main?: string;
}

export interface DockerignoreProposal {
  /** The user's .dockerignore, or null when there is none. */
  existing: string | null;
  /** The proposed file: LayerLens's lines first, then the user's file verbatim (their rules win). */
  merged: string;
  /** The patterns LayerLens added. */
  added: string[];
  /** Patterns LayerLens did not add, with why (e.g. the build needs the file). */
  skipped: { pattern: string; reason: string }[];
}

/** An executable the start command calls, and where it comes from. */
export interface BinUse {
  bin: string;
  /** The package that provides it, when it is one. */
  pkg?: string;
  source: 'dependency' | 'devDependency' | 'global' | 'system';
  /** Where it is called from ("CMD", "the start script", "docker-entrypoint.sh"). */
  from: string;
}

/** What the image's start needs at run time. */
export interface StartSummary {
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** The package manager the start goes through (`npm start`). */
  packageManager?: 'npm' | 'yarn' | 'pnpm' | 'npx';
  script?: { name: string; command: string; hooks: string[] };
  bins: BinUse[];
  entryFiles: string[];
  preloads: string[];
  /** devDependencies the app's sources load at run time, with the file that loads each. */
  devDependenciesLoaded: { pkg: string; file: string }[];
}

/** A path the runtime stage copies from the build stage, and why. */
export interface ClosurePath {
  path: string;
  why: string;
  /** `--chown` for the copy, when the original gave the folder an owner. */
  chown?: string;
  /** Copied only when the build made it (a build output whose name is a guess). */
  optional?: boolean;
}

/** The knobs of one lean candidate. */
export interface CandidateChoices {
  runtimeBase: string;
  /** devDependencies pruned (with the project's package manager) before the copy. */
  prune: boolean;
  /** Runs as a non-root user where the original ran as root. */
  nonRoot: boolean;
  /** The start script runs without its package manager (the runtime base has none). */
  directStart: boolean;
  /** Tools the start or HEALTHCHECK calls that the runtime base lacks, installed in it (curl, wget). */
  addedTools: string[];
}

export interface LeanCandidate {
  id: string;
  /** "layerlens-test/node-slim:18, devDependencies pruned, non-root". */
  label: string;
  choices: CandidateChoices;
  dockerfile: string;
  changes: DockerfileChange[];
  /** Why static checks expect this candidate to break (empty: none found). Such a candidate is never proposed or built. */
  problems: string[];
}

export interface DockerfileStructure {
  stages: { name?: string; image: string; line: number }[];
  /** The stage that is the image (the last one, or --target). */
  finalStage: string;
  multiStage: boolean;
}

export interface OptimizeOptions {
  /** The build context directory. */
  contextDir: string;
  /** The Dockerfile, relative to the context (default "Dockerfile"). */
  dockerfile?: string;
  /** The stage to build (default: the last). */
  target?: string;
  runtimeBase?: string;
  /** What the bases offer (the engine can probe them); guessed from the names otherwise. */
  runtimeFacts?: BaseFacts;
  builderFacts?: BaseFacts;
  originalBaseFacts?: BaseFacts;
  /** Build arguments, for ARG-parametrised FROM lines and paths. */
  buildArgs?: Record<string, string>;
}

export interface OptimizePlan {
  /**
   * "lean-rewrite": lean candidates are proposed; "kept": the image's final stage is not a Node.js runtime
   * (e.g. nginx serving a build) and is kept; "lint-only": not a Node.js project, size lint only.
   */
  kind: 'lean-rewrite' | 'kept' | 'lint-only';
  contextDir: string;
  /** Absolute path of the original Dockerfile, and its name relative to the context. */
  dockerfilePath: string;
  dockerfileName: string;
  original: string;
  structure: DockerfileStructure;
  /** Candidates from the most aggressive to the most conservative. */
  candidates: LeanCandidate[];
  /** The proposed candidate: the most aggressive without static problems (unverified until built). */
  proposed: string | null;
  /** The proposed Dockerfile (lint-only: the original with mechanical lint fixes; null when nothing is proposed). */
  dockerfile: string | null;
  /** Unified diff original -> proposed ("" when nothing is proposed). */
  diff: string;
  changes: DockerfileChange[];
  lint: LintFinding[];
  /** The proposed `<Dockerfile>.lean.dockerignore` (BuildKit reads it beside the Dockerfile). */
  dockerignore: DockerignoreProposal | null;
  /** Plain-language notes for the user. */
  messages: string[];
  project: NodeProject | null;
  bases: { original: string; builder: string; runtime: string };
  start: StartSummary | null;
  closure: ClosurePath[];
  /** Folders in the image where the build installs its dependencies (their node_modules). */
  projectDirs: string[];
  /** `docker build -f …` to make the lean image by hand or in CI. */
  buildCommand: string | null;
  /** What verification should do with the images. */
  verify: { ports: number[]; healthcheck: boolean };
}

// ---- The rebuild: what the candidate search (core/build) returns ----

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

/** How an image is run for verification: what the app needs to start. */
export interface VerifySettings {
  /** HTTP paths to request (default "/"). */
  paths?: string[];
  /** How long an image may take to answer or exit (default 30 s). */
  timeoutMs?: number;
  /** Environment for both containers (a database URL, a port…). */
  env?: Record<string, string>;
  /** A command to run instead of the image's CMD (both images alike). */
  command?: string[];
  /** The container port to request (default: the first EXPOSEd one). */
  port?: number;
}

export interface VerifyResult {
  /** The lean image behaved like the original. */
  passed: boolean;
  /** same: the same behaviour; different: the lean one behaves otherwise; cannot-verify: no judgement possible. */
  verdict: 'same' | 'different' | 'cannot-verify';
  /** One sentence: "both answer GET / with 200 and the same body", "both exit with code 1 and the same first error line". */
  summary: string;
  mode: 'http' | 'healthcheck' | 'command';
  checks: VerifyCheck[];
  original: ContainerRun;
  lean: ContainerRun;
  durationMs: number;
}

/** How one candidate fared in the search. */
export interface CandidateAttempt {
  candidate: string;
  label: string;
  outcome: 'chosen' | 'failed-build' | 'failed-verify' | 'cannot-verify' | 'not-tried' | 'not-needed';
  /** The evidence, in a sentence. */
  reason: string;
  image?: BuiltImage;
  verify?: VerifyResult;
}

/** One field of the image config that differs between the original and the lean image. */
export interface ConfigDifference {
  field: string;
  original: string;
  lean: string;
  /** The listed change that explains it; absent when nothing does. */
  explainedBy?: string;
}

/** Claims measured in the images' layers and history, not assumed. */
export interface MeasuredClaims {
  /** devDependencies present in the node_modules of each image. */
  devDependencies: { original: string[]; lean: string[] };
  /** Secrets seen: token files (.npmrc with a token), secret build args in the history. */
  secrets: { original: string[]; lean: string[] };
}

export interface RebuildResult {
  original: BuiltImage;
  /** The chosen lean image; null when no candidate behaved like the original, or the original is already lean. */
  lean: BuiltImage | null;
  verdict: 'lean' | 'already-lean' | 'no-candidate' | 'unverified';
  /** The chosen candidate's id. */
  chosen: string | null;
  attempts: CandidateAttempt[];
  /** lean / original size (1 without a lean image). */
  ratio: number;
  savedBytes: number;
  /** The chosen candidate's verification. */
  verify?: VerifyResult;
  /** Config fields that differ between original and lean, each with the change that explains it. */
  config: ConfigDifference[];
  measured?: MeasuredClaims;
  /** One paragraph: what was chosen and why. */
  summary: string;
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

/** What a plan is made from: the build context, the Dockerfile and the chosen runtime base. */
export interface PlanRebuildOptions extends OperationOptions {
  /** The build context folder (absolute, or relative to the process that serves the core). */
  contextDir: string;
  /** The Dockerfile, relative to the context (default "Dockerfile"). */
  dockerfile?: string;
  /** The stage to build (default: the last). */
  target?: string;
  /** Runtime base image; default: the smaller variant of the final stage's base (node:18 -> node:18-slim). */
  runtimeBase?: string;
  /** Build arguments for the original build (and for ARG-parametrised FROM lines). */
  buildArgs?: Record<string, string>;
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
    /** Whether that lean tag already names an image (Build would need "replace", or another name). */
    leanTagExists: boolean;
  };
  /** Whether the engine was asked what each base offers (false: guessed from the image name). */
  probed: { runtime: boolean; builder: boolean };
  /** Where the proposal will be written: `<Dockerfile>.lean` and `<Dockerfile>.lean.dockerignore` (absolute). */
  leanFiles: { dockerfile: string; dockerignore: string | null };
}

export interface RunRebuildRequest {
  contextDir: string;
  dockerfile?: string;
  target?: string;
  runtimeBase?: string;
  buildArgs?: Record<string, string>;
  /** The original image's name; default from the context folder's name. Reused when it exists. */
  image?: string;
  /** Default `<repo>:<tag>-lean` of `image`. */
  leanTag?: string;
  /** Allow moving an existing lean tag to the new image. */
  replaceTags?: boolean;
  /** Write the chosen Dockerfile.lean and its .dockerignore beside the original (never over the user's files). Default true. */
  writeFiles?: boolean;
  /** Where to write the lean Dockerfile (default `<Dockerfile>.lean`). */
  out?: string;
  /** Replace an existing lean file that has other content. */
  overwrite?: boolean;
  /** Run both images and let verification choose among the candidates; omit to build the proposed one unverified. */
  verify?: VerifySettings;
}

/** Progress phases of `runRebuild` (ProgressEvent.phase); `done`/`total` are build steps, `detail` a log line. */
export type RebuildProgressPhase = 'plan' | 'build-original' | 'build-lean' | 'verify' | 'measure';

export interface RebuildOutcome {
  /** The plan that was built (made again from the request, so it is what is on disk now). */
  plan: OptimizePlan;
  result: RebuildResult;
  /** What was written beside the original; null when writing was not asked for or nothing was chosen. */
  files: LeanFiles | null;
}

export interface RememberedContext {
  /** The image reference it was remembered for. */
  imageRef: string;
  contextDir: string;
  dockerfile?: string;
  /** ISO time. */
  rememberedAt: string;
  /** How the app is run for verification (its environment, paths), as last used for this context. */
  verify?: VerifySettings;
  /** False when the folder is gone (moved, deleted). */
  exists: boolean;
}

/** Pushing the lean image to the original's repository under a new tag (after a rebuild). */
export interface PushImageRequest {
  /** The local image to push, named as in the registry: `REGISTRY/REPO:TAG` (the lean tag). */
  image: string;
  /** The user confirmed replacing the tag when the registry already has it (never implied). */
  replace?: boolean;
}

export interface PushImageResult {
  /** The full reference pushed ("127.0.0.1:5000/app:1-lean"). */
  image: string;
  registry: string;
  /** The local image ID. */
  imageId: string;
  /** The manifest digest the registry now serves for the tag (null when the engine did not say). */
  digest: string | null;
  sizeBytes?: number;
  /** The tag existed and was replaced (only ever with `replace`). */
  replaced: boolean;
  /** What the tag named before, when it was replaced. */
  previousDigest?: string;
}

/** Whether a tag exists in its registry: the UI asks for a confirmation before replacing one. */
export interface RemoteTagState {
  image: string;
  registry: string;
  exists: boolean;
  /** The manifest digest it names, when it exists. */
  digest?: string;
}

export interface ChooseFolderOptions {
  title?: string;
  defaultPath?: string;
}

export interface RebuildApi {
  /** Proposes the lean multi-stage Dockerfile; the bases are probed through the engine when it has them. */
  planRebuild(options: PlanRebuildOptions): Promise<RebuildPlan>;
  /**
   * Builds the original (unless it exists); with `verify`, builds the candidates from the most aggressive
   * and keeps the first that behaves like the original, else builds the proposed one. Writes the chosen lean
   * files. Progress: phase, step n/m, log lines in `detail`; cancellable by operation id.
   */
  runRebuild(request: RunRebuildRequest, options?: OperationOptions): Promise<RebuildOutcome>;
  /** The build context folder remembered for an image (same name first, then the same repository). */
  getRememberedContext(imageRef: string): Promise<RememberedContext | null>;
  rememberContext(imageRef: string, contextDir: string, dockerfile?: string, verify?: VerifySettings): Promise<RememberedContext>;
  /** The native folder picker (Electron); null when cancelled or when the front door has none (serve, CLI). */
  chooseFolder(options?: ChooseFolderOptions): Promise<string | null>;
  /** Whether the registry already has this tag (ask before `pushImage` with `replace`). */
  checkRemoteTag(image: string): Promise<RemoteTagState>;
  /**
   * Pushes a local image (the lean one) through the engine, with the docker CLI's credentials; refuses a tag
   * the registry already has unless `replace`. Progress: pushed bytes of the total; cancellable by operation id.
   */
  pushImage(request: PushImageRequest, options?: OperationOptions): Promise<PushImageResult>;
}

export const rebuildMethods = [
  'planRebuild',
  'runRebuild',
  'getRememberedContext',
  'rememberContext',
  'chooseFolder',
  'checkRemoteTag',
  'pushImage',
] as const satisfies readonly (keyof RebuildApi)[];

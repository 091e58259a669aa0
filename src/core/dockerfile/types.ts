/**
 * The data of a Dockerfile optimization: what LayerLens found, what it proposes and why. Plain JSON, so the
 * same objects can cross IPC/HTTP to the UI and be printed by the CLI.
 */

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

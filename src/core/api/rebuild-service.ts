/**
 * The rebuild capability of the contract (issue 5) over core/dockerfile and core/build, as the CLI's
 * `optimize` combines them: plan (the bases probed through the engine when it has them, facts cached by
 * image ID), write the lean files, build original and lean with step/log progress, verify; plus the build
 * context remembered per image (core/settings) and the host's folder picker.
 */
import fs from 'node:fs';
import path from 'node:path';
import type Docker from 'dockerode';
import { cancelledError, LayerLensError } from '../../shared/errors';
import type {
  BaseFacts,
  ChooseFolderOptions,
  LeanFiles,
  OptimizeOptions,
  PlanRebuildOptions,
  RebuildOutcome,
  RebuildPlan,
  RebuildProgressPhase,
  RememberedContext,
  RunRebuildRequest,
} from '../../shared/rebuild';
import { imageIdOf, defaultImageName, leanTagFor, validateTag } from '../build/image-tags';
import { probeBaseImage } from '../build/base-probe';
import { leanDockerfilePath, writeLeanFiles } from '../build/lean-files';
import { rebuildLean, type RebuildProgress } from '../build/rebuild-lean';
import { planOptimization } from '../dockerfile/optimize-plan';
import { SettingsStore } from '../settings/settings-store';
import type { Operation } from './operations';

export type ChooseFolder = (options: ChooseFolderOptions) => Promise<string | null>;

export interface RebuildServiceDeps {
  /** Runs work against the connected engine (typed errors, failure reporting). */
  withEngine<T>(work: (docker: Docker) => Promise<T>): Promise<T>;
  /** The settings folder (default: LAYERLENS_CONFIG_DIR, XDG_CONFIG_HOME/layerlens, ~/.config/layerlens). */
  configDir?: string;
  /** The host's native folder picker (Electron main); absent for serve and the CLI. */
  chooseFolder?: ChooseFolder;
}

const probeTimeoutMs = 30_000;
const maxText = 4096;

function optionalText(value: unknown, name: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string' || value.length > maxText) throw new LayerLensError('INVALID_ARGUMENT', `${name} must be a string.`);
  const trimmed = value.trim();
  return trimmed === '' ? undefined : trimmed;
}

function requiredText(value: unknown, name: string, what: string): string {
  const text = optionalText(value, name);
  if (!text) throw new LayerLensError('INVALID_ARGUMENT', `${what} is needed.`);
  return text;
}

function expandHome(dir: string): string {
  const home = process.env.HOME;
  return home && (dir === '~' || dir.startsWith('~/')) ? path.join(home, dir.slice(1)) : dir;
}

function contextPath(value: unknown): string {
  return path.resolve(expandHome(requiredText(value, 'contextDir', 'The build context folder')));
}

function isDirectory(dir: string): boolean {
  try {
    return fs.statSync(dir).isDirectory();
  } catch {
    return false;
  }
}

/** An image ID (full or short): it names the original, but cannot give the lean image its name. */
function isImageId(ref: string): boolean {
  return /^(sha256:)?[0-9a-f]{12,64}$/.test(ref);
}

function checkVerify(value: RunRebuildRequest['verify']): { paths?: string[]; timeoutMs?: number } | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object') throw new LayerLensError('INVALID_ARGUMENT', 'verify must be an object: {paths?, timeoutMs?}.');
  const paths = value.paths?.map((p) => requiredText(p, 'verify.paths', 'A verification path'));
  for (const p of paths ?? []) if (!p.startsWith('/')) throw new LayerLensError('INVALID_ARGUMENT', `A verification path must start with "/": "${p}".`);
  const timeoutMs = value.timeoutMs;
  if (timeoutMs !== undefined && (typeof timeoutMs !== 'number' || !Number.isFinite(timeoutMs) || timeoutMs < 1000 || timeoutMs > 600_000)) {
    throw new LayerLensError('INVALID_ARGUMENT', 'verify.timeoutMs must be between 1 000 and 600 000 ms.');
  }
  return { ...(paths && paths.length > 0 ? { paths } : {}), ...(timeoutMs ? { timeoutMs } : {}) };
}

export class RebuildService {
  private settingsStore?: SettingsStore;
  /** Base facts by image ID: a probe runs a container, the answer does not change for an image. */
  private readonly probes = new Map<string, BaseFacts | null>();

  constructor(private readonly deps: RebuildServiceDeps) {}

  private get settings(): SettingsStore {
    this.settingsStore ??= new SettingsStore(this.deps.configDir);
    return this.settingsStore;
  }

  async plan(options: PlanRebuildOptions, operation: Operation): Promise<RebuildPlan> {
    if (!options || typeof options !== 'object') throw new LayerLensError('INVALID_ARGUMENT', 'planRebuild needs {contextDir}.');
    const contextDir = contextPath(options.contextDir);
    if (!isDirectory(contextDir)) throw new LayerLensError('INVALID_ARGUMENT', `The build context ${contextDir} is not a folder.`);
    const input: OptimizeOptions = {
      contextDir,
      dockerfile: optionalText(options.dockerfile, 'dockerfile'),
      runtimeBase: optionalText(options.runtimeBase, 'runtimeBase'),
      builderBase: optionalText(options.builderBase, 'builderBase'),
    };
    const image = optionalText(options.image, 'image');
    operation.progress('plan', 0, 2, `Reading ${input.dockerfile ?? 'Dockerfile'} in ${contextDir}`);
    // What the bases offer (node user, npm, libc) is asked of the engine when it has them.
    const first = planOptimization(input);
    let probed = { runtime: false, builder: false };
    let plan = first;
    if (first.kind === 'node-rewrite') {
      operation.progress('plan', 1, 2, `Asking the engine what ${first.bases.runtime} and ${first.bases.builder} offer`);
      input.runtimeFacts = await this.probe(first.bases.runtime, operation.signal);
      input.builderFacts = await this.probe(first.bases.builder, operation.signal);
      probed = { runtime: input.runtimeFacts !== undefined, builder: input.builderFacts !== undefined };
      if (probed.runtime || probed.builder) plan = planOptimization(input);
    }
    operation.progress('plan', 2, 2);
    const original = image ?? defaultImageName(contextDir);
    const leanTag = leanTagFor(isImageId(original) ? defaultImageName(contextDir) : original);
    return {
      plan,
      contextDir,
      defaults: { image: original, leanTag },
      probed,
      leanFiles: {
        dockerfile: leanDockerfilePath(plan.dockerfilePath),
        dockerignore: plan.dockerignore ? path.join(contextDir, '.dockerignore.lean') : null,
      },
    };
  }

  /** Facts of a base image, or undefined when the engine is unreachable, the image is not local or has no shell. */
  private async probe(image: string, signal: AbortSignal): Promise<BaseFacts | undefined> {
    if (/\$\{?[A-Za-z_]/.test(image)) return undefined; // an ARG-parametrised name: nothing to ask
    try {
      const facts = await this.deps.withEngine(async (docker) => {
        const found = await imageIdOf(docker, image, signal).catch(() => null);
        if (!found) return null;
        if (this.probes.has(found.id)) return this.probes.get(found.id)!;
        const answer = await probeBaseImage(docker, image, AbortSignal.any([signal, AbortSignal.timeout(probeTimeoutMs)])).catch(() => null);
        if (!signal.aborted) this.probes.set(found.id, answer);
        return answer;
      });
      return facts ?? undefined;
    } catch {
      if (signal.aborted) throw cancelledError();
      return undefined; // no engine: the names decide
    }
  }

  async run(request: RunRebuildRequest, operation: Operation): Promise<RebuildOutcome> {
    if (!request || typeof request !== 'object') throw new LayerLensError('INVALID_ARGUMENT', 'runRebuild needs {contextDir}.');
    const verify = checkVerify(request.verify);
    const image = optionalText(request.image, 'image');
    const leanTag = optionalText(request.leanTag, 'leanTag');
    if (image) validateTag(image);
    if (leanTag) validateTag(leanTag);
    const planned = await this.plan(
      { contextDir: request.contextDir, dockerfile: request.dockerfile, runtimeBase: request.runtimeBase, builderBase: request.builderBase, image },
      operation,
    );
    const { plan } = planned;
    if (plan.kind !== 'node-rewrite' || !plan.dockerfile) {
      throw new LayerLensError('INVALID_ARGUMENT', 'Nothing to build: the multi-stage rewrite covers Node.js projects. The size lint still applies.');
    }
    let files: LeanFiles | null = null;
    if (request.writeFiles !== false) {
      files = writeLeanFiles({
        contextDir: planned.contextDir,
        dockerfilePath: plan.dockerfilePath,
        dockerfile: plan.dockerfile,
        dockerignore: plan.dockerignore?.merged,
      });
      const written = [files.dockerfile, files.dockerignore].filter((file) => file !== undefined);
      for (const file of written) {
        const what = file.status === 'kept' ? 'kept (it exists with other content; the build uses the proposal)' : file.status;
        operation.progress('plan', 2, 2, `${path.basename(file.path)}: ${what}`);
      }
    }
    const steps = new Map<RebuildProgressPhase, { step: number; total: number }>();
    const onProgress = ({ phase, event }: RebuildProgress) => {
      const at = steps.get(phase) ?? { step: 0, total: 0 };
      if (event.type === 'step') {
        steps.set(phase, { step: event.step, total: event.total });
        operation.progress(phase, event.step, event.total, `Step ${event.step}/${event.total} : ${event.instruction}`);
      } else if (event.type === 'log' || event.type === 'message') {
        operation.progress(phase, at.step, at.total || undefined, event.line);
      }
    };
    const result = await this.deps.withEngine((docker) =>
      rebuildLean(docker, {
        plan,
        image: planned.defaults.image,
        leanTag: leanTag ?? planned.defaults.leanTag,
        replaceTags: request.replaceTags === true,
        verify,
        signal: operation.signal,
        onProgress,
      }),
    );
    return { plan, result, files };
  }

  async rememberedContext(imageRef: unknown): Promise<RememberedContext | null> {
    const ref = requiredText(imageRef, 'imageRef', 'An image reference');
    const found = this.settings.rememberedContext(ref);
    if (!found) return null;
    const { entry } = found;
    return {
      imageRef: found.imageRef,
      contextDir: entry.contextDir,
      ...(entry.dockerfile ? { dockerfile: entry.dockerfile } : {}),
      rememberedAt: entry.rememberedAt,
      exists: isDirectory(entry.contextDir),
    };
  }

  async rememberContext(imageRef: unknown, contextDir: unknown, dockerfile?: unknown): Promise<RememberedContext> {
    const ref = requiredText(imageRef, 'imageRef', 'An image reference');
    const dir = contextPath(contextDir);
    if (!isDirectory(dir)) throw new LayerLensError('INVALID_ARGUMENT', `${dir} is not a folder.`);
    const file = optionalText(dockerfile, 'dockerfile');
    const entry = this.settings.rememberContext(ref, { contextDir: dir, ...(file && file !== 'Dockerfile' ? { dockerfile: file } : {}) });
    return { imageRef: ref, ...entry, exists: true };
  }

  async chooseFolder(options: ChooseFolderOptions = {}): Promise<string | null> {
    if (!this.deps.chooseFolder) return null;
    const title = optionalText(options?.title, 'title');
    const defaultPath = optionalText(options?.defaultPath, 'defaultPath');
    return this.deps.chooseFolder({ ...(title ? { title } : {}), ...(defaultPath ? { defaultPath } : {}) });
  }
}

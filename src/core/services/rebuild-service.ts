/**
 * The rebuild use case, the one path for the app, `serve` and the CLI's `optimize`: plan (the bases asked
 * of the engine when it has them, facts cached by image ID), build the original and the lean candidates,
 * let verification choose, compare configs, measure the claims, write the chosen lean files; plus the
 * build context and verification settings remembered per image, and the host's folder picker.
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
  VerifySettings,
} from '../../shared/rebuild';
import { probeBaseImage } from '../build/base-probe';
import { sweepLeftoverContainers } from '../build/containers';
import { defaultImageName, imageIdOf, leanTagFor, validateTag } from '../images/image-tags';
import { leanDockerfilePath, leanDockerignorePath, writeLeanFiles } from '../build/lean-files';
import { searchLean, type SearchProgress } from '../build/lean-search';
import { planOptimization, secretArgPattern } from '../dockerfile/optimize-plan';
import { SettingsStore } from '../settings/settings-store';
import type { ChooseFolder } from './host-services';
import type { Operation } from './operations';

export interface RebuildServiceDeps {
  /** Runs work against the connected engine (typed errors, failure reporting). */
  withEngine<T>(work: (docker: Docker) => Promise<T>): Promise<T>;
  /** The settings folder (default: LAYERLENS_CONFIG_DIR, XDG_CONFIG_HOME/layerlens, ~/.config/layerlens). */
  configDir?: string;
  /** The layer cache, for the claims measured in both images. */
  cacheDir?: string;
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

function stringMap(value: unknown, name: string): Record<string, string> | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value)) throw new LayerLensError('INVALID_ARGUMENT', `${name} must be an object of strings.`);
  const entries = Object.entries(value as Record<string, unknown>);
  for (const [key, v] of entries) {
    if (!/^[A-Za-z_][A-Za-z0-9_.-]*$/.test(key) || typeof v !== 'string' || v.length > maxText) {
      throw new LayerLensError('INVALID_ARGUMENT', `${name}: "${key}" needs a name of letters, digits and _ and a string value.`);
    }
  }
  return entries.length > 0 ? (value as Record<string, string>) : undefined;
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

export function checkVerify(value: unknown): VerifySettings | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object')
    throw new LayerLensError('INVALID_ARGUMENT', 'verify must be an object: {paths?, timeoutMs?, env?, command?, port?}.');
  const v = value as VerifySettings;
  const paths = v.paths?.map((p) => requiredText(p, 'verify.paths', 'A verification path'));
  for (const p of paths ?? [])
    if (!p.startsWith('/')) throw new LayerLensError('INVALID_ARGUMENT', `A verification path must start with "/": "${p}".`);
  if (
    v.timeoutMs !== undefined &&
    (typeof v.timeoutMs !== 'number' || !Number.isFinite(v.timeoutMs) || v.timeoutMs < 1000 || v.timeoutMs > 600_000)
  ) {
    throw new LayerLensError('INVALID_ARGUMENT', 'verify.timeoutMs must be between 1 000 and 600 000 ms.');
  }
  if (v.port !== undefined && (!Number.isInteger(v.port) || v.port < 1 || v.port > 65535))
    throw new LayerLensError('INVALID_ARGUMENT', 'verify.port must be 1–65535.');
  if (v.command !== undefined && (!Array.isArray(v.command) || v.command.some((w) => typeof w !== 'string'))) {
    throw new LayerLensError('INVALID_ARGUMENT', 'verify.command must be a list of words.');
  }
  const env = stringMap(v.env, 'verify.env');
  return {
    ...(paths?.length ? { paths } : {}),
    ...(v.timeoutMs ? { timeoutMs: v.timeoutMs } : {}),
    ...(env ? { env } : {}),
    ...(v.command?.length ? { command: v.command } : {}),
    ...(v.port ? { port: v.port } : {}),
  };
}

export class RebuildService {
  private settingsStore?: SettingsStore;
  /** Base facts by image ID: a probe runs a container, the answer does not change for an image. */
  private readonly probes = new Map<string, BaseFacts | null>();
  /** Leftover probe and verify containers of earlier runs, removed once before this service starts any. */
  private swept: Promise<unknown> | undefined;

  constructor(private readonly deps: RebuildServiceDeps) {}

  private sweepOnce(): Promise<unknown> {
    this.swept ??= this.deps.withEngine((docker) => sweepLeftoverContainers(docker)).catch(() => undefined);
    return this.swept;
  }

  private get settings(): SettingsStore {
    this.settingsStore ??= new SettingsStore(this.deps.configDir);
    return this.settingsStore;
  }

  async plan(options: PlanRebuildOptions, operation: Operation): Promise<RebuildPlan> {
    if (!options || typeof options !== 'object') throw new LayerLensError('INVALID_ARGUMENT', 'planRebuild needs {contextDir}.');
    const contextDir = contextPath(options.contextDir);
    if (!fs.existsSync(contextDir)) throw new LayerLensError('INVALID_ARGUMENT', `There is no folder ${contextDir}.`);
    if (!isDirectory(contextDir)) throw new LayerLensError('INVALID_ARGUMENT', `The build context ${contextDir} is a file, not a folder.`);
    const input: OptimizeOptions = {
      contextDir,
      dockerfile: optionalText(options.dockerfile, 'dockerfile'),
      target: optionalText(options.target, 'target'),
      runtimeBase: optionalText(options.runtimeBase, 'runtimeBase'),
      buildArgs: stringMap(options.buildArgs, 'buildArgs'),
    };
    const image = optionalText(options.image, 'image');
    await this.sweepOnce();
    operation.progress('plan', 0, 2, `Reading ${input.dockerfile ?? 'Dockerfile'} in ${contextDir}`);
    // What the bases offer (node user, npm, libc, tools) is asked of the engine when it has them.
    const first = await planOptimization(input, operation.signal);
    let probed = { runtime: false, builder: false };
    let plan = first;
    if (first.kind === 'lean-rewrite') {
      const runtimes = [...new Set(first.candidates.map((c) => c.choices.runtimeBase))].filter((b) => b !== first.bases.original);
      operation.progress('plan', 1, 2, `Asking the engine what ${[first.bases.original, ...runtimes].join(' and ')} offer`);
      input.originalBaseFacts = await this.probe(first.bases.original, operation.signal);
      input.builderFacts = input.originalBaseFacts;
      input.runtimeFacts = runtimes[0] ? await this.probe(runtimes[0], operation.signal) : undefined;
      probed = {
        runtime: runtimes[0] ? input.runtimeFacts !== undefined : input.originalBaseFacts !== undefined,
        builder: input.originalBaseFacts !== undefined,
      };
      if (probed.runtime || probed.builder) plan = await planOptimization(input, operation.signal);
    }
    operation.progress('plan', 2, 2);
    const original = image && !isImageId(image) ? image : defaultImageName(contextDir);
    const leanTag = leanTagFor(original);
    const leanFile = leanDockerfilePath(plan.dockerfilePath);
    const leanTagExists = await this.deps
      .withEngine((docker) => imageIdOf(docker, leanTag, operation.signal))
      .then(
        (found) => found !== null,
        () => false,
      );
    const relativeLean = path.relative(contextDir, leanFile).split(path.sep).join('/');
    return {
      plan: {
        ...plan,
        buildCommand: plan.kind === 'lean-rewrite' ? `docker build -f ${relativeLean} -t ${leanTag} .   # in ${contextDir}` : null,
      },
      contextDir,
      defaults: { image: image ?? original, leanTag, leanTagExists },
      probed,
      leanFiles: { dockerfile: leanFile, dockerignore: plan.dockerignore ? leanDockerignorePath(leanFile) : null },
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
      {
        contextDir: request.contextDir,
        dockerfile: request.dockerfile,
        target: request.target,
        runtimeBase: request.runtimeBase,
        buildArgs: request.buildArgs,
        image,
      },
      operation,
    );
    const { plan } = planned;
    if (plan.kind !== 'lean-rewrite') {
      throw new LayerLensError('INVALID_ARGUMENT', `Nothing to build: ${plan.messages[0] ?? 'the lean rewrite covers Node.js images'}`);
    }
    const steps = new Map<RebuildProgressPhase, { step: number; total: number }>();
    const onProgress = ({ phase, event }: SearchProgress) => {
      const at = steps.get(phase) ?? { step: 0, total: 0 };
      if (event.type === 'step') {
        steps.set(phase, { step: event.step, total: event.total });
        operation.progress(phase, event.step, event.total, `Step ${event.step}/${event.total} : ${event.instruction}`);
      } else if (event.type === 'log' || event.type === 'message') {
        operation.progress(phase, at.step, at.total || undefined, event.line);
      }
    };
    const result = await this.deps.withEngine((docker) =>
      searchLean(docker, {
        plan,
        image: planned.defaults.image,
        leanTag: leanTag ?? planned.defaults.leanTag,
        replaceTags: request.replaceTags === true,
        buildArgs: stringMap(request.buildArgs, 'buildArgs'),
        target: optionalText(request.target, 'target'),
        verify,
        secretArgs: [...plan.original.matchAll(/^\s*ARG\s+([A-Za-z_][A-Za-z0-9_]*)/gim)].map((m) => m[1]!).filter((n) => secretArgPattern.test(n)),
        cacheDir: this.deps.cacheDir,
        signal: operation.signal,
        onProgress,
      }),
    );
    // The files written are the chosen candidate's (or the proposed one, unverified); none without a lean image.
    const chosen = plan.candidates.find((c) => c.id === result.chosen);
    let files: LeanFiles | null = null;
    if (request.writeFiles !== false && chosen) {
      files = writeLeanFiles({
        contextDir: planned.contextDir,
        dockerfilePath: plan.dockerfilePath,
        dockerfile: chosen.dockerfile,
        dockerignore: plan.dockerignore?.merged,
        out: optionalText(request.out, 'out'),
        overwrite: request.overwrite === true,
      });
      for (const file of [files.dockerfile, files.dockerignore].filter((f) => f !== undefined)) {
        const what = file.status === 'kept' ? 'kept (it exists with other content)' : file.status;
        operation.progress('plan', 2, 2, `${path.basename(file.path)}: ${what}`);
      }
    }
    const tag = leanTag ?? planned.defaults.leanTag;
    const buildCommand = plan.buildCommand?.replace(`-t ${planned.defaults.leanTag} `, `-t ${tag} `) ?? null;
    const shown = chosen
      ? {
          ...plan,
          buildCommand,
          proposed: chosen.id,
          dockerfile: chosen.dockerfile,
          changes: chosen.changes,
          bases: { ...plan.bases, runtime: chosen.choices.runtimeBase },
        }
      : { ...plan, buildCommand };
    return { plan: shown, result, files };
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
      ...(() => {
        try {
          const verify = checkVerify(entry.verify);
          return verify ? { verify } : {};
        } catch {
          return {}; // a hand-edited setting that no longer checks out is not used
        }
      })(),
      exists: isDirectory(entry.contextDir),
    };
  }

  async rememberContext(imageRef: unknown, contextDir: unknown, dockerfile?: unknown, verify?: unknown): Promise<RememberedContext> {
    const ref = requiredText(imageRef, 'imageRef', 'An image reference');
    const dir = contextPath(contextDir);
    if (!fs.existsSync(dir)) throw new LayerLensError('INVALID_ARGUMENT', `There is no folder ${dir}.`);
    if (!isDirectory(dir)) throw new LayerLensError('INVALID_ARGUMENT', `${dir} is a file, not a folder.`);
    const file = optionalText(dockerfile, 'dockerfile');
    const settings = checkVerify(verify);
    const entry = this.settings.rememberContext(ref, {
      contextDir: dir,
      ...(file && file !== 'Dockerfile' ? { dockerfile: file } : {}),
      ...(settings ? { verify: settings } : {}),
    });
    return { imageRef: ref, ...entry, exists: true };
  }

  async chooseFolder(options: ChooseFolderOptions = {}): Promise<string | null> {
    if (!this.deps.chooseFolder) return null;
    const title = optionalText(options?.title, 'title');
    const defaultPath = optionalText(options?.defaultPath, 'defaultPath');
    return this.deps.chooseFolder({ ...(title ? { title } : {}), ...(defaultPath ? { defaultPath } : {}) });
  }
}

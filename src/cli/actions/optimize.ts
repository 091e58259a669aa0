/**
 * `optimize <context-dir>`: propose a lean multi-stage Dockerfile (written beside the original as
 * Dockerfile.lean, with .dockerignore.lean), and with --build / --verify build it next to the original and
 * check that it still answers the same. Data to stdout (--json: one object), progress to stderr.
 */
import path from 'node:path';
import type Docker from 'dockerode';
import { probeBaseImage } from '../../core/build/base-probe';
import { writeLeanFiles, type LeanFiles } from '../../core/build/lean-files';
import { rebuildLean, type RebuildResult } from '../../core/build/rebuild-lean';
import { formatBytes } from '../../core/dockerfile/node-rewrite';
import { planOptimization } from '../../core/dockerfile/optimize-plan';
import type { BaseFacts, OptimizeOptions, OptimizePlan } from '../../core/dockerfile/types';
import { discoverFromProcess } from '../../core/engine/discovery';
import { createDockerClient } from '../../core/engine/docker-client';
import { toEngineError } from '../../core/engine/engine-errors';
import { toErrorData, type ApiErrorData } from '../../shared/errors';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { listOption, stringOption, UsageError, type CommandAction, type Io } from '../command';

async function probe(docker: Docker, image: string): Promise<BaseFacts | undefined> {
  if (/\$\{?[A-Za-z_]/.test(image)) return undefined;
  try {
    return (await probeBaseImage(docker, image, AbortSignal.timeout(30_000))) ?? undefined;
  } catch {
    return undefined; // no engine, or the image is not local: the names decide
  }
}

function planText(plan: OptimizePlan, files: LeanFiles | null): string {
  const lines: string[] = [];
  for (const message of plan.messages) lines.push(message);
  if (plan.kind === 'node-rewrite') {
    lines.push(`Proposed multi-stage Dockerfile (builder ${plan.bases.builder}, runtime ${plan.bases.runtime}):`, '');
    lines.push(plan.dockerfile!.trimEnd(), '');
    lines.push('Changes:');
    for (const change of plan.changes) {
      lines.push(`  - ${change.title}${change.originalLine ? ` (line ${change.originalLine}: ${change.originalText})` : ''}`);
      lines.push(`    ${change.reason}`);
    }
  }
  if (plan.lint.length > 0) {
    lines.push('', 'Size lint:');
    for (const finding of plan.lint) lines.push(`  line ${finding.line}: ${finding.message} — ${finding.fix}`);
  }
  if (files) {
    lines.push('');
    for (const file of [files.dockerfile, files.dockerignore].filter((f) => f !== undefined)) {
      lines.push(
        file.status === 'kept'
          ? `${file.path} exists with other content and was kept (--force replaces it).`
          : `${file.status === 'written' ? 'Wrote' : 'Unchanged:'} ${file.path}`,
      );
    }
  }
  return lines.join('\n');
}

function resultText(result: RebuildResult): string {
  const lines = [
    '',
    `Original: ${result.original.image}  ${formatBytes(result.original.sizeBytes)}${result.original.built ? '' : ' (existing image)'}`,
    `Lean:     ${result.lean.image}  ${formatBytes(result.lean.sizeBytes)}  (${Math.round((1 - result.ratio) * 100)}% smaller)`,
  ];
  if (result.verify) {
    lines.push(`Verification (${result.verify.mode}): ${result.verify.passed ? 'PASSED' : 'FAILED'}`);
    for (const check of result.verify.checks) {
      lines.push(`  ${check.passed ? 'ok  ' : 'FAIL'} ${check.name}${check.passed ? '' : `: original ${check.original} / lean ${check.lean}`}`);
    }
    if (!result.verify.passed) {
      lines.push('', `--- ${result.verify.original.container} (original) logs ---`, result.verify.original.logs.trimEnd());
      lines.push(`--- ${result.verify.lean.container} (lean) logs ---`, result.verify.lean.logs.trimEnd());
    }
  }
  return lines.join('\n');
}

function jsonOutput(plan: OptimizePlan, files: LeanFiles | null, result: RebuildResult | null, error?: ApiErrorData) {
  return {
    kind: plan.kind,
    dockerfile: plan.dockerfile,
    dockerfilePath: files?.dockerfile.path ?? null,
    files,
    changes: plan.changes,
    lint: plan.lint,
    messages: plan.messages,
    dockerignore: plan.dockerignore,
    bases: plan.bases,
    start: plan.start,
    diff: plan.diff,
    ...(result
      ? {
          original: { image: result.original.image, id: result.original.id, sizeBytes: result.original.sizeBytes, built: result.original.built },
          lean: { image: result.lean.image, id: result.lean.id, sizeBytes: result.lean.sizeBytes },
          ratio: result.ratio,
        }
      : {}),
    ...(result?.verify ? { verify: result.verify } : {}),
    ...(error ? { error } : {}),
  };
}

function progressPrinter(io: Io) {
  return ({ phase, event }: Parameters<NonNullable<Parameters<typeof rebuildLean>[1]['onProgress']>>[0]) => {
    const tag = phase === 'build-original' ? '[original]' : phase === 'build-lean' ? '[lean]' : '[verify]';
    if (event.type === 'step') io.err(`${tag} Step ${event.step}/${event.total} : ${event.instruction}`);
    else if (event.type === 'log' || event.type === 'message') io.err(`${tag}   ${event.line}`);
  };
}

export const run: CommandAction = async ({ values, positionals, io }) => {
  const contextDir = path.resolve(positionals[0]!);
  const build = values.build === true || values.verify === true;
  const timeoutText = stringOption(values, 'verify-timeout');
  const verifyTimeout = timeoutText === undefined ? 30_000 : Number(timeoutText) * 1000;
  if (!Number.isFinite(verifyTimeout) || verifyTimeout <= 0) throw new UsageError(`--verify-timeout takes seconds, not "${timeoutText}".`);
  const verifyPaths = listOption(values, 'verify-path');
  for (const p of verifyPaths) if (!p.startsWith('/')) throw new UsageError(`--verify-path must start with "/": "${p}".`);

  const endpoint = discoverFromProcess(stringOption(values, 'host'));
  let docker: Docker | undefined;
  try {
    docker = createDockerClient(endpoint);
  } catch (error) {
    if (build) throw error;
  }
  const options: OptimizeOptions = {
    contextDir,
    dockerfile: stringOption(values, 'dockerfile'),
    runtimeBase: stringOption(values, 'runtime-base'),
    builderBase: stringOption(values, 'builder-base'),
  };
  // What the bases offer (node user, npm, libc) is asked of the engine when it has them.
  const firstPass = planOptimization(options);
  if (docker && firstPass.kind === 'node-rewrite') {
    options.runtimeFacts = await probe(docker, firstPass.bases.runtime);
    options.builderFacts = await probe(docker, firstPass.bases.builder);
  }
  const plan = options.runtimeFacts || options.builderFacts ? planOptimization(options) : firstPass;

  const out = stringOption(values, 'out');
  const files =
    plan.dockerfile && values['no-write'] !== true
      ? writeLeanFiles({
          contextDir,
          dockerfilePath: plan.dockerfilePath,
          dockerfile: plan.dockerfile,
          dockerignore: plan.dockerignore?.merged,
          out,
          overwrite: values.force === true,
        })
      : null;
  if (!values.json) io.out(planText(plan, files));
  if (files?.dockerfile.status === 'kept' && values.json) io.err(`${files.dockerfile.path} exists with other content and was kept (--force replaces it).`);

  if (!build) {
    if (values.json) io.out(JSON.stringify(jsonOutput(plan, files, null), null, 2));
    return exitCodes.ok;
  }
  if (plan.kind !== 'node-rewrite') {
    const error = { code: 'INVALID_ARGUMENT' as const, message: 'Nothing to build: the multi-stage rewrite covers Node.js projects.' };
    if (values.json) io.out(JSON.stringify(jsonOutput(plan, files, null, error), null, 2));
    io.err(`error: ${error.message}`);
    return exitCodes.failure;
  }
  const leanName = out ? path.relative(contextDir, path.resolve(out)).split(path.sep).join('/') : undefined;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  let result: RebuildResult;
  try {
    result = await rebuildLean(docker!, {
      plan,
      image: stringOption(values, 'tag'),
      leanTag: stringOption(values, 'lean-tag'),
      replaceTags: values.replace === true,
      leanDockerfileName: leanName && !leanName.startsWith('..') ? leanName : undefined,
      verify: values.verify ? { paths: verifyPaths, timeoutMs: verifyTimeout } : null,
      signal: controller.signal,
      onProgress: progressPrinter(io),
    });
  } catch (error) {
    const data = toErrorData(toEngineError(error, endpoint));
    if (values.json) io.out(JSON.stringify(jsonOutput(plan, files, null, data), null, 2));
    io.err(`error: ${data.message}`);
    if (data.code === 'BUILD_FAILED' && data.detail) io.err(data.detail);
    return exitCodeFor(data.code);
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
  if (values.json) io.out(JSON.stringify(jsonOutput(plan, files, result), null, 2));
  else io.out(resultText(result));
  if (result.verify && !result.verify.passed) {
    io.err('error: the lean image does not behave like the original (see the checks and logs).');
    return exitCodes.failure;
  }
  return exitCodes.ok;
};

/**
 * `optimize <context-dir>`: the lean rewrite through the core's one rebuild use case. Without --build it
 * prints the candidates and writes the proposed one (unverified) beside the Dockerfile; with --build it
 * builds them, with --verify lets verification choose, and prints what was chosen and why, both images'
 * config differences and the measured claims. Data to stdout (--json: one object, errors too), progress to
 * stderr.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { LayerLensCore } from '../../core/api/layerlens-core';
import { writeLeanFiles } from '../../core/build/lean-files';
import { toErrorData, type ApiErrorData } from '../../shared/errors';
import { formatBytes } from '../../shared/format';
import type { LeanFiles, OptimizePlan, PushImageResult, RebuildOutcome, RebuildPlan, VerifySettings } from '../../shared/rebuild';
import { listOption, stringOption, UsageError, type CommandAction, type Io, type OptionValues } from '../command';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { withCore } from '../with-core';

function keyValues(values: OptionValues, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const item of listOption(values, name)) {
    const eq = item.indexOf('=');
    if (eq <= 0) throw new UsageError(`--${name} takes KEY=VALUE, not "${item}".`);
    out[item.slice(0, eq)] = item.slice(eq + 1);
  }
  return out;
}

/** KEY=VALUE lines of an env file (as `docker run --env-file` reads them: no quotes, no expansion). */
function envFile(file: string | undefined): Record<string, string> {
  if (!file) return {};
  let text: string;
  try {
    const stat = fs.statSync(file);
    if (!stat.isFile() || stat.size > 1024 * 1024) throw new UsageError(`--verify-env-file ${file} is not a file of at most 1 MB.`);
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`Cannot read --verify-env-file ${file}.`);
  }
  const out: Record<string, string> = {};
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    const eq = trimmed.indexOf('=');
    if (eq > 0) out[trimmed.slice(0, eq).replace(/^export\s+/, '')] = trimmed.slice(eq + 1);
  }
  return out;
}

function verifySettings(values: OptionValues): VerifySettings {
  const timeoutText = stringOption(values, 'verify-timeout');
  const timeout = timeoutText === undefined ? undefined : Number(timeoutText) * 1000;
  if (timeout !== undefined && (!Number.isFinite(timeout) || timeout < 1000))
    throw new UsageError(`--verify-timeout takes seconds (1 or more), not "${timeoutText}".`);
  const paths = listOption(values, 'verify-path');
  for (const p of paths) if (!p.startsWith('/')) throw new UsageError(`--verify-path must start with "/": "${p}".`);
  const portText = stringOption(values, 'verify-port');
  const port = portText === undefined ? undefined : Number(portText);
  if (port !== undefined && (!Number.isInteger(port) || port < 1 || port > 65535))
    throw new UsageError(`--verify-port must be 1–65535, not "${portText}".`);
  const command = stringOption(values, 'verify-cmd');
  const env = { ...envFile(stringOption(values, 'verify-env-file')), ...keyValues(values, 'verify-env') };
  return {
    ...(paths.length ? { paths } : {}),
    ...(timeout ? { timeoutMs: timeout } : {}),
    ...(Object.keys(env).length ? { env } : {}),
    ...(command ? { command: ['/bin/sh', '-c', command] } : {}),
    ...(port ? { port } : {}),
  };
}

/** What LayerLens found: notes, the stages, what the runtime copies. */
function headerText(plan: OptimizePlan): string[] {
  const lines: string[] = [...plan.messages];
  if (plan.kind === 'lean-rewrite') {
    lines.push(
      '',
      `Stages: ${plan.structure.stages.map((s) => `${s.name ?? '(unnamed)'} FROM ${s.image}`).join(' -> ')}; the image is ${plan.structure.finalStage}.`,
    );
    lines.push(`The runtime copies: ${plan.closure.map((c) => `${c.path}${c.optional ? ' (if built)' : ''}`).join(', ') || 'nothing'}`);
  }
  return lines;
}

function planText(planned: RebuildPlan): string {
  const { plan } = planned;
  const lines = headerText(plan);
  if (plan.kind === 'lean-rewrite') {
    lines.push('', 'Candidates, most aggressive first:');
    for (const c of plan.candidates) {
      lines.push(`  ${c.id}  ${c.label}${c.id === plan.proposed ? '   <- proposed (unverified)' : ''}`);
      for (const problem of c.problems) lines.push(`        static check: ${problem}`);
    }
    const proposed = plan.candidates.find((c) => c.id === plan.proposed);
    if (proposed) {
      lines.push('', `Proposed Dockerfile (${proposed.label}):`, '', proposed.dockerfile.trimEnd(), '', 'Changes:');
      for (const change of proposed.changes) {
        lines.push(`  - ${change.title}${change.originalLine ? ` (line ${change.originalLine}: ${change.originalText})` : ''}`);
        lines.push(`    ${change.reason}`);
      }
    }
    if (plan.buildCommand) lines.push('', `Build it by hand or in CI: ${plan.buildCommand}`);
  }
  if (plan.lint.length > 0) {
    lines.push('', 'Size lint:');
    for (const finding of plan.lint) lines.push(`  line ${finding.line}: ${finding.message} — ${finding.fix}`);
  }
  return lines.join('\n');
}

function filesText(files: LeanFiles | null): string[] {
  if (!files) return [];
  return [files.dockerfile, files.dockerignore]
    .filter((f) => f !== undefined)
    .map((f) =>
      f.status === 'kept'
        ? `${f.path} exists with other content and was kept (--force replaces it).`
        : `${f.status === 'written' ? 'Wrote' : 'Unchanged:'} ${f.path}`,
    );
}

function outcomeText(outcome: RebuildOutcome): string {
  const { result } = outcome;
  const lines = [
    '',
    `Original: ${result.original.image}  ${formatBytes(result.original.sizeBytes)}${result.original.built ? '' : ' (existing image)'}`,
  ];
  for (const attempt of result.attempts) {
    const size = attempt.image ? `  ${formatBytes(attempt.image.sizeBytes)}` : '';
    lines.push(`  ${attempt.candidate}  ${attempt.outcome.padEnd(13)} ${attempt.label}${size}`);
    for (const reasonLine of attempt.reason.split('\n').slice(0, 6)) lines.push(`        ${reasonLine}`);
  }
  if (result.lean)
    lines.push(`Lean:     ${result.lean.image}  ${formatBytes(result.lean.sizeBytes)}  (${Math.round((1 - result.ratio) * 100)}% smaller)`);
  lines.push('', result.summary);
  if (result.verify && !result.verify.passed) {
    lines.push('', `--- ${result.verify.original.container} (original) logs ---`, result.verify.original.logs.trimEnd());
    lines.push(`--- ${result.verify.lean.container} (lean) logs ---`, result.verify.lean.logs.trimEnd());
  }
  if (result.config.length > 0) {
    lines.push('', 'Config differences (original -> lean):');
    for (const d of result.config)
      lines.push(`  ${d.field}: ${d.original} -> ${d.lean}${d.explainedBy ? `   (${d.explainedBy})` : '   (not explained by a listed change)'}`);
  } else if (result.lean)
    lines.push('', 'Config: the same as the original (Entrypoint, Cmd, Env, ports, WorkingDir, Healthcheck, Labels, Volumes, StopSignal, User).');
  if (result.measured) {
    const { devDependencies: dev, secrets } = result.measured;
    lines.push('', 'Measured in the images:');
    lines.push(
      `  devDependencies: original ${dev.original.length ? dev.original.join(', ') : 'none'}; lean ${dev.lean.length ? dev.lean.join(', ') : 'none'}`,
    );
    lines.push(
      `  secrets: original ${secrets.original.length ? secrets.original.join('; ') : 'none found'}; lean ${secrets.lean.length ? secrets.lean.join('; ') : 'none found'}`,
    );
  }
  lines.push(...filesText(outcome.files));
  return lines.join('\n');
}

/** Pushes the lean image; a refusal (the tag exists, no credentials) is reported, not thrown. */
async function pushLean(
  core: LayerLensCore,
  image: string,
  values: OptionValues,
  operationId: string,
  io: Io,
): Promise<PushImageResult | { error: ApiErrorData }> {
  try {
    return await core.pushImage({ image, replace: values.replace === true }, { operationId: `${operationId}-push` });
  } catch (error) {
    const data = toErrorData(error);
    io.err(`error: ${data.message}`);
    return { error: data };
  }
}

function pushText(push: PushImageResult | { error: ApiErrorData } | undefined): string[] {
  if (!push || 'error' in push) return [];
  const replaced = push.replaced ? ` (replaced ${push.previousDigest ?? 'the tag it had'})` : '';
  return ['', `Pushed ${push.image}${push.digest ? ` as ${push.digest}` : ''}${replaced}`];
}

function progressPrinter(io: Io) {
  return (event: { phase: string; detail?: string }) => {
    if (event.detail) io.err(`[${event.phase}] ${event.detail}`);
  };
}

function jsonPlan(planned: RebuildPlan, files: LeanFiles | null) {
  return { ...planned, files };
}

async function planOnly(core: LayerLensCore, values: OptionValues, contextDir: string, io: Io): Promise<number> {
  const planned = await core.planRebuild({
    contextDir,
    dockerfile: stringOption(values, 'dockerfile'),
    target: stringOption(values, 'target'),
    runtimeBase: stringOption(values, 'runtime-base'),
    buildArgs: keyValues(values, 'build-arg'),
    image: stringOption(values, 'tag'),
  });
  const { plan } = planned;
  const files =
    plan.kind === 'lean-rewrite' && plan.dockerfile && values['no-write'] !== true
      ? writeLeanFiles({
          contextDir: planned.contextDir,
          dockerfilePath: plan.dockerfilePath,
          dockerfile: plan.dockerfile,
          dockerignore: plan.dockerignore?.merged,
          out: stringOption(values, 'out'),
          overwrite: values.force === true,
        })
      : null;
  if (values.json) io.out(JSON.stringify(jsonPlan(planned, files), null, 2));
  else io.out([planText(planned), ...(files ? ['', ...filesText(files)] : [])].join('\n'));
  return exitCodes.ok;
}

export const run: CommandAction = async ({ values, positionals, io }) => {
  const contextDir = path.resolve(positionals[0]!);
  const build = values.build === true || values.verify === true || values.push === true;
  const verify = values.verify === true ? verifySettings(values) : null;
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  try {
    return await withCore(values, async (core) => {
      if (!build) return planOnly(core, values, contextDir, io);
      const operationId = `optimize-${process.pid}`;
      core.on('progress', (event) => {
        if (event.operationId === operationId) progressPrinter(io)(event);
      });
      process.once('SIGINT', onSignal);
      controller.signal.addEventListener('abort', () => void Promise.all([core.cancel(operationId), core.cancel(`${operationId}-push`)]), {
        once: true,
      });
      const outcome = await core.runRebuild(
        {
          contextDir,
          dockerfile: stringOption(values, 'dockerfile'),
          target: stringOption(values, 'target'),
          runtimeBase: stringOption(values, 'runtime-base'),
          buildArgs: keyValues(values, 'build-arg'),
          image: stringOption(values, 'tag'),
          leanTag: stringOption(values, 'lean-tag'),
          replaceTags: values.replace === true,
          writeFiles: values['no-write'] !== true,
          out: stringOption(values, 'out'),
          overwrite: values.force === true,
          ...(verify ? { verify } : {}),
        },
        { operationId },
      );
      const lean = outcome.result.lean;
      // The push comes after the rebuild's own output: a refused push does not hide what was built.
      const push = values.push === true && lean ? await pushLean(core, lean.image, values, operationId, io) : undefined;
      if (values.json) io.out(JSON.stringify(push ? { ...outcome, push } : outcome, null, 2));
      else io.out([...headerText(outcome.plan), outcomeText(outcome), ...pushText(push)].join('\n'));
      if (outcome.result.verdict === 'no-candidate') {
        io.err(`error: ${outcome.result.summary}`);
        return exitCodes.failure;
      }
      if (values.push === true && !lean) io.err('Nothing was pushed: no lean image was chosen.');
      if (push && 'error' in push) return exitCodeFor(push.error.code);
      return exitCodes.ok;
    });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    const data = toErrorData(error);
    if (values.json) io.out(JSON.stringify({ error: data }, null, 2));
    io.err(`error: ${data.message}`);
    if (data.code === 'BUILD_FAILED' && data.detail) io.err(data.detail);
    return exitCodeFor(data.code);
  } finally {
    process.removeListener('SIGINT', onSignal);
  }
};

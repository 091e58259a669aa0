/**
 * Verification that a lean image behaves like the original. Each image runs in a labelled
 * `layerlens-verify-…` container with the environment the app needs; both run at once. A server (an
 * EXPOSEd port) is asked the configured paths once it answers; an image with a HEALTHCHECK is judged by
 * it; anything else by how it ends (exit code and output) or by staying up. The judgement is about
 * behaviour, not noise: package-manager banners, ANSI colours, timestamps and ids are ignored, and "both
 * exit with code 1 and the same first error line" is the same behaviour. When neither image can be judged
 * (neither answers, and they fail differently) the verdict is "cannot verify", never "lean is broken".
 * Containers are removed whatever happens; a lost engine is an error, not a verdict.
 */
import type Docker from 'dockerode';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { stripAnsi } from '../../shared/format';
import type { ContainerRun, VerifyCheck, VerifyResult, VerifySettings } from '../../shared/rebuild';
import { engineKind } from '../engine/engine-info';
import { engineRequest } from '../engine/engine-request';
import { isConnectionLoss } from '../engine/engine-errors';
import { containerLogs, containerName, withContainer } from './containers';

type Answer = { status: number; body: string } | { error: string };

export interface Observation {
  run: ContainerRun;
  /** HTTP answers by path, or the health status under "health". */
  answers: Map<string, Answer>;
  /** It answered (HTTP or health) before the timeout. */
  ready: boolean;
  /** Still running at the end (servers, workers). */
  running: boolean;
}

export interface VerifyPlan {
  mode: VerifyResult['mode'];
  port?: number;
  paths: string[];
  timeoutMs: number;
  /** How long a worker without a port or health check must stay up to count as started. */
  settleMs: number;
  env: string[];
  command?: string[];
}

interface ImageConfig {
  Config?: { ExposedPorts?: Record<string, unknown> | null; Healthcheck?: { Test?: string[] } | null };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const pollMs = 100;

/** How to verify, from the original image's config and the user's settings. */
export async function verifyPlan(docker: Docker, original: string, settings: VerifySettings = {}, signal?: AbortSignal): Promise<VerifyPlan> {
  const paths = settings.paths?.length ? settings.paths : ['/'];
  for (const p of paths) if (!p.startsWith('/')) throw new LayerLensError('INVALID_ARGUMENT', `Verify paths start with "/": "${p}".`);
  const config = await engineRequest<ImageConfig>(docker, { path: `/images/${original}/json`, signal });
  const exposed = Object.keys(config.Config?.ExposedPorts ?? {})
    .filter((p) => p.endsWith('/tcp'))
    .map((p) => Number.parseInt(p, 10));
  const port = settings.port ?? exposed[0];
  const health = config.Config?.Healthcheck?.Test;
  const env = Object.entries(settings.env ?? {}).map(([k, v]) => `${k}=${v}`);
  // An app told its port by PORT (a common convention) listens where the check asks.
  if (port && settings.env?.PORT === undefined && !settings.port) env.push(`PORT=${port}`);
  return {
    mode: port ? 'http' : health && health[0] !== 'NONE' ? 'healthcheck' : 'command',
    ...(port ? { port } : {}),
    paths,
    timeoutMs: settings.timeoutMs ?? 30_000,
    settleMs: Math.min(5000, settings.timeoutMs ?? 30_000),
    env,
    ...(settings.command?.length ? { command: settings.command } : {}),
  };
}

/** One GET with a timeout (a ref'd timer: a CLI awaiting only a socket must not see its event loop empty). */
async function get(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { redirect: 'manual', signal: controller.signal });
    return { status: response.status, body: await response.text() };
  } finally {
    clearTimeout(timer);
  }
}

interface ContainerState {
  Running: boolean;
  ExitCode: number;
  Health?: { Status?: string };
}

/** Runs one image and watches it until it answers, ends or times out. */
export async function observeImage(
  docker: Docker,
  image: string,
  role: string,
  plan: VerifyPlan,
  options: { signal?: AbortSignal; onEvent?: (message: string) => void } = {},
): Promise<Observation> {
  const name = containerName(`verify-${role}`);
  const run: ContainerRun = { image, container: name, logs: '' };
  const answers = new Map<string, Answer>();
  let ready = false;
  let running = false;
  const create = {
    name,
    Image: image,
    Env: plan.env,
    ...(plan.command ? { Cmd: plan.command } : {}),
    ...(plan.port ? { ExposedPorts: { [`${plan.port}/tcp`]: {} } } : {}),
    HostConfig: plan.port ? { PortBindings: { [`${plan.port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {},
  };
  try {
    await withContainer(docker, `verify-${role}`, create, async (container) => {
      try {
        await container.start();
        // The wait counts from the start: creating and starting a large image must not eat the window.
        const startedAt = Date.now();
        options.onEvent?.(`${role}: started ${image}`);
        let hostPort: number | undefined;
        if (plan.port) {
          const binding = (await container.inspect()).NetworkSettings.Ports?.[`${plan.port}/tcp`]?.[0];
          hostPort = binding ? Number(binding.HostPort) : undefined;
          options.onEvent?.(`${role}: waiting for port ${plan.port}`);
        }
        const deadline = startedAt + (plan.mode === 'command' ? plan.settleMs : plan.timeoutMs);
        // Podman runs healthchecks from systemd timers: without systemd (containers, CI) they never run by
        // themselves and the status stays "starting". Its own API runs one on demand.
        const checkOnDemand = plan.mode === 'healthcheck' && (await engineKind(docker, options.signal).catch(() => 'docker')) === 'podman';
        let lastCheck = 0;
        while (!ready && !options.signal?.aborted) {
          const state = (await container.inspect()).State as ContainerState;
          if (!state.Running) {
            run.exitCode = state.ExitCode;
            if (plan.mode !== 'command') run.problem = `exited with code ${state.ExitCode} before answering`;
            break;
          }
          if (plan.mode === 'healthcheck') {
            const status = state.Health?.Status;
            if (checkOnDemand && (status === 'starting' || !status) && Date.now() - lastCheck >= 1000) {
              lastCheck = Date.now();
              await engineRequest(docker, {
                // libpod routes need a version prefix; 4.0.0 is the oldest libpod API of Podman 4 and later.
                path: `/v4.0.0/libpod/containers/${container.id}/healthcheck`,
                signal: options.signal,
                statusCodes: { 200: true, 404: 'no such container', 409: 'no healthcheck or not running', 500: 'server error' },
              }).catch(() => undefined);
              continue;
            }
            if (status === 'healthy' || status === 'unhealthy') {
              ready = true;
              answers.set('health', { status: status === 'healthy' ? 200 : 503, body: status });
            }
          } else if (plan.mode === 'http' && hostPort) {
            try {
              await get(`http://127.0.0.1:${hostPort}${plan.paths[0]}`, 1000);
              ready = true;
            } catch {
              // not listening yet
            }
          }
          if (Date.now() >= deadline) {
            running = true;
            break;
          }
          if (!ready) await sleep(pollMs);
        }
        if (options.signal?.aborted) throw cancelledError('The verification was cancelled.');
        if (plan.mode !== 'command' && !ready && !run.problem) run.problem = `did not answer within ${Math.round(plan.timeoutMs / 1000)} s`;
        if (ready && hostPort && plan.mode === 'http') {
          for (const path of plan.paths) {
            options.onEvent?.(`${role}: GET ${path}`);
            try {
              answers.set(path, await get(`http://127.0.0.1:${hostPort}${path}`, 10_000));
            } catch (error) {
              answers.set(path, { error: (error as Error).message });
            }
          }
          running = true;
        }
      } finally {
        run.logs = await containerLogs(container);
      }
    });
  } catch (error) {
    if (isConnectionLoss(error) || error instanceof LayerLensError) throw error;
    run.problem = `could not run: ${(error as Error).message}`;
  }
  return { run, answers, ready, running };
}

// ---- Judging behaviour, not noise ----

const banner = [
  /^> .*$/, // npm: "> app@1.0.0 start", "> node server.js"
  /^npm (WARN|notice|info)\b.*$/,
  /^yarn run v[\d.]+$/,
  /^\$ .*$/,
  /^Done in [\d.]+s\.$/,
  /^info Visit https:\/\/yarnpkg\.com.*$/,
];

/** Logs without package-manager banners, colours and the parts that change run to run. */
export function normalizedLines(logs: string): string[] {
  return stripAnsi(logs)
    .split(/\n/)
    .map((line) => line.trimEnd())
    .filter((line) => line.trim() !== '' && !banner.some((b) => b.test(line.trim())))
    .map((line) =>
      line
        .replace(/\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(\.\d+)?(Z|[+-]\d\d:?\d\d)?/g, '<time>')
        .replace(/\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/gi, '<id>')
        .replace(/\b[0-9a-f]{16,}\b/gi, '<id>')
        .replace(/\d+(\.\d+)?\s?(ms|s)\b/g, '<duration>'),
    );
}

export function firstErrorLine(logs: string): string | undefined {
  const lines = normalizedLines(logs);
  return lines.find((l) => /error|exception|cannot|failed|fatal|ERR!|denied|not found|refused/i.test(l)) ?? lines[0];
}

function sameBody(a: string, b: string): boolean {
  return a === b || normalizedLines(a).join('\n') === normalizedLines(b).join('\n');
}

function describe(answer: Answer | undefined): string {
  if (!answer) return 'no answer';
  if ('error' in answer) return `error: ${answer.error}`;
  return `${answer.status} ${answer.body.length > 200 ? `${answer.body.slice(0, 200)}…` : answer.body}`;
}

const ok = (a: Answer | undefined): a is { status: number; body: string } => a !== undefined && !('error' in a);

/** The verdict on two observations. */
export function judge(original: Observation, lean: Observation, plan: VerifyPlan, durationMs: number): VerifyResult {
  const base = { mode: plan.mode, original: original.run, lean: lean.run, durationMs };
  const checks: VerifyCheck[] = [];
  const originalError = firstErrorLine(original.run.logs);
  const leanError = firstErrorLine(lean.run.logs);
  // A failure is the same only when both ran to an end: two silent, still running containers are no evidence.
  const bothEnded = typeof original.run.exitCode === 'number' && typeof lean.run.exitCode === 'number';
  const sameFailure = bothEnded && original.run.exitCode === lean.run.exitCode && originalError === leanError;

  if (plan.mode === 'command') {
    if (original.running || lean.running) {
      const both = original.running && lean.running;
      checks.push({
        name: `stays up for ${plan.settleMs / 1000} s`,
        passed: both,
        original: original.running ? 'running' : `exited ${original.run.exitCode}`,
        lean: lean.running ? 'running' : `exited ${lean.run.exitCode}`,
      });
      if (both) return { ...base, passed: true, verdict: 'same', summary: `both start and keep running for ${plan.settleMs / 1000} s`, checks };
      if (!original.running) {
        return {
          ...base,
          passed: false,
          verdict: 'cannot-verify',
          summary: `the original exits (code ${original.run.exitCode}) while the lean image keeps running: the original does not run here, so the lean one cannot be judged`,
          checks,
        };
      }
      return {
        ...base,
        passed: false,
        verdict: 'different',
        summary: `the original keeps running, the lean image exits with code ${lean.run.exitCode}${leanError ? `: ${leanError}` : ''}`,
        checks,
      };
    }
    const sameOutput = normalizedLines(original.run.logs).join('\n') === normalizedLines(lean.run.logs).join('\n');
    checks.push({
      name: 'exit code',
      passed: original.run.exitCode === lean.run.exitCode,
      original: String(original.run.exitCode),
      lean: String(lean.run.exitCode),
    });
    checks.push({ name: 'output', passed: sameOutput || sameFailure, original: original.run.logs.slice(0, 500), lean: lean.run.logs.slice(0, 500) });
    if (original.run.exitCode === lean.run.exitCode && sameOutput) {
      return { ...base, passed: true, verdict: 'same', summary: `both exit with code ${original.run.exitCode} and the same output`, checks };
    }
    if (sameFailure) {
      return {
        ...base,
        passed: true,
        verdict: 'same',
        summary: `both exit with code ${original.run.exitCode} and the same first error line${originalError ? `: ${originalError}` : ''}`,
        checks,
      };
    }
    if (original.run.exitCode !== 0 && lean.run.exitCode !== 0) {
      return {
        ...base,
        passed: false,
        verdict: 'cannot-verify',
        summary: `both fail, differently (codes ${original.run.exitCode} and ${lean.run.exitCode}): the app may need settings to run (environment, a command); see both logs`,
        checks,
      };
    }
    return {
      ...base,
      passed: false,
      verdict: 'different',
      summary: `the original exits with code ${original.run.exitCode}, the lean image with ${lean.run.exitCode}${leanError ? `: ${leanError}` : ''}`,
      checks,
    };
  }

  checks.push({
    name: 'starts and answers',
    passed: original.ready && lean.ready,
    original: original.run.problem ?? 'ok',
    lean: lean.run.problem ?? 'ok',
  });
  if (!original.ready && !lean.ready) {
    if (sameFailure) {
      return {
        ...base,
        passed: true,
        verdict: 'same',
        summary: `neither answers: both exit with code ${original.run.exitCode} and the same first error line${originalError ? `: ${originalError}` : ''} (the app may need settings to start)`,
        checks,
      };
    }
    if (typeof original.run.exitCode !== 'number' && typeof lean.run.exitCode !== 'number') {
      return {
        ...base,
        passed: false,
        verdict: 'cannot-verify',
        summary: `neither image answers within ${Math.round(plan.timeoutMs / 1000)} s and neither exits: nothing to compare; give the app what it needs to start (environment, a port, a path) to verify it`,
        checks,
      };
    }
    return {
      ...base,
      passed: false,
      verdict: 'cannot-verify',
      summary: `neither image answers (original: ${original.run.problem}; lean: ${lean.run.problem}), and they fail differently: give the app what it needs to start (environment, a port, a command) to verify it`,
      checks,
    };
  }
  if (!original.ready) {
    return {
      ...base,
      passed: false,
      verdict: 'cannot-verify',
      summary: `the original does not answer here (${original.run.problem}) while the lean image does: nothing to compare against`,
      checks,
    };
  }
  if (!lean.ready) {
    return {
      ...base,
      passed: false,
      verdict: 'different',
      summary: `the original answers, the lean image ${lean.run.problem}${leanError ? `: ${leanError}` : ''}`,
      checks,
    };
  }
  let allSame = true;
  for (const key of plan.mode === 'http' ? plan.paths : ['health']) {
    const a = original.answers.get(key);
    const b = lean.answers.get(key);
    const status = ok(a) && ok(b) && a.status === b.status;
    checks.push({ name: plan.mode === 'http' ? `GET ${key} status` : 'health', passed: status, original: describe(a), lean: describe(b) });
    allSame &&= status;
    if (plan.mode === 'http') {
      const body = ok(a) && ok(b) && sameBody(a.body, b.body);
      checks.push({ name: `GET ${key} body`, passed: body, original: describe(a), lean: describe(b) });
      allSame &&= body;
    }
  }
  const answers =
    plan.mode === 'http'
      ? plan.paths.map((p) => `GET ${p} ${describe(original.answers.get(p)).split(' ')[0]}`).join(', ')
      : `health ${describe(original.answers.get('health'))}`;
  if (allSame) return { ...base, passed: true, verdict: 'same', summary: `both answer alike (${answers})`, checks };
  const failed = checks.find((c) => !c.passed)!;
  return {
    ...base,
    passed: false,
    verdict: 'different',
    summary: `${failed.name} differs: original ${failed.original.slice(0, 120)}; lean ${failed.lean.slice(0, 120)}`,
    checks,
  };
}

export interface VerifyRequest extends VerifySettings {
  original: string;
  lean: string;
  signal?: AbortSignal;
  onEvent?: (message: string) => void;
  /** The original's observation from an earlier candidate: it is not run again. */
  originalObservation?: Observation;
}

/** Runs both images at once and judges them. */
export async function verifyImages(docker: Docker, request: VerifyRequest): Promise<VerifyResult & { observation: Observation }> {
  const started = Date.now();
  const plan = await verifyPlan(docker, request.original, request, request.signal);
  const options = { signal: request.signal, onEvent: request.onEvent };
  const [original, lean] = await Promise.all([
    request.originalObservation ?? observeImage(docker, request.original, 'original', plan, options),
    observeImage(docker, request.lean, 'lean', plan, options),
  ]);
  if (request.signal?.aborted) throw cancelledError('The verification was cancelled.');
  return { ...judge(original, lean, plan, Date.now() - started), observation: original };
}

/**
 * Verification that the lean image still does what the original did. Servers: each image runs in a
 * `layerlens-verify-…` container with its exposed port published on 127.0.0.1 (random host port); once it
 * answers (or its healthcheck says healthy), the configured paths are fetched and status and body compared.
 * Images without a port are run to completion and exit code and output compared. Every container is removed,
 * whatever happens; each run has a timeout.
 */
import type Docker from 'dockerode';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { engineRequest } from '../engine/engine-request';
import type { ContainerRun, VerifyCheck, VerifyResult } from '../../shared/rebuild';
import { containerLogs, containerName, removeContainer, waitForExit } from './containers';

export interface VerifyRequest {
  original: string;
  lean: string;
  /** Paths to GET (default ["/"]). */
  paths?: string[];
  /** The container port to test (default: the original's first exposed TCP port). */
  port?: number;
  /** How long a container may take to answer (or, without a port, to exit). Default 30 s. */
  timeoutMs?: number;
  signal?: AbortSignal;
  onEvent?: (message: string) => void;
}

// The result types are part of the contract (shared/rebuild.ts); re-exported for core's callers.
export type { ContainerRun, VerifyCheck, VerifyResult };

interface ImageConfig {
  Config?: { ExposedPorts?: Record<string, unknown> | null; Healthcheck?: { Test?: string[] } | null };
}

interface Observation {
  run: ContainerRun;
  responses: Map<string, { status: number; body: string } | { error: string }>;
  health?: string;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** One GET with a timeout. The timer is a normal (ref'd) one: AbortSignal.timeout's is unref'd, and a CLI
 * awaiting only an undici socket would otherwise see its event loop empty out and exit. */
async function fetchOnce(url: string, timeoutMs: number): Promise<{ status: number; body: string }> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    const response = await fetch(url, { redirect: 'manual', signal: controller.signal });
    return { status: response.status, body: await response.text() };
  } finally {
    clearTimeout(timer);
  }
}

async function observe(docker: Docker, image: string, role: string, request: Required<Pick<VerifyRequest, 'paths' | 'timeoutMs'>> & VerifyRequest, mode: VerifyResult['mode'], port?: number): Promise<Observation> {
  const name = containerName(`verify-${role}`);
  const run: ContainerRun = { image, container: name, logs: '' };
  const responses: Observation['responses'] = new Map();
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      name,
      Image: image,
      Labels: { 'io.layerlens.verify': role },
      ...(port ? { ExposedPorts: { [`${port}/tcp`]: {} } } : {}),
      HostConfig: port ? { PortBindings: { [`${port}/tcp`]: [{ HostIp: '127.0.0.1', HostPort: '' }] } } : {},
    });
    await container.start();
    const deadline = Date.now() + request.timeoutMs;
    if (mode === 'command') {
      run.exitCode = await waitForExit(container, request.timeoutMs, request.signal);
      if (run.exitCode === null) run.problem = `did not exit within ${request.timeoutMs / 1000} s`;
    } else {
      const info = await container.inspect();
      const binding = port ? info.NetworkSettings.Ports?.[`${port}/tcp`]?.[0] : undefined;
      const hostPort = binding ? Number(binding.HostPort) : undefined;
      let ready = false;
      while (!ready && Date.now() < deadline && !request.signal?.aborted) {
        const state = (await container.inspect()).State;
        if (!state.Running) {
          run.exitCode = state.ExitCode;
          run.problem = `exited with code ${state.ExitCode} before answering`;
          break;
        }
        if (mode === 'healthcheck') {
          const status = state.Health?.Status;
          if (status === 'healthy' || status === 'unhealthy') {
            ready = true;
            responses.set('health', { status: status === 'healthy' ? 200 : 503, body: status });
          }
        } else if (hostPort) {
          try {
            await fetchOnce(`http://127.0.0.1:${hostPort}${request.paths[0]}`, 2000);
            ready = true;
          } catch {
            // not listening yet (the proxy accepts and closes until the app listens)
          }
        }
        if (!ready) await sleep(250);
      }
      if (!ready && !run.problem) run.problem = request.signal?.aborted ? 'cancelled' : `did not answer within ${request.timeoutMs / 1000} s`;
      if (ready && hostPort && mode === 'http') {
        for (const path of request.paths) {
          try {
            responses.set(path, await fetchOnce(`http://127.0.0.1:${hostPort}${path}`, 10_000));
          } catch (error) {
            responses.set(path, { error: (error as Error).message });
          }
        }
      }
    }
  } catch (error) {
    run.problem = `could not run: ${(error as Error).message}`;
  } finally {
    if (container) {
      run.logs = await containerLogs(container);
      await removeContainer(container);
    }
  }
  return { run, responses };
}

function describe(response: { status: number; body: string } | { error: string } | undefined): string {
  if (!response) return 'no answer';
  if ('error' in response) return `error: ${response.error}`;
  return `${response.status} ${response.body.length > 200 ? `${response.body.slice(0, 200)}…` : response.body}`;
}

export async function verifyImages(docker: Docker, input: VerifyRequest): Promise<VerifyResult> {
  const request = { ...input, paths: input.paths?.length ? input.paths : ['/'], timeoutMs: input.timeoutMs ?? 30_000 };
  for (const path of request.paths) {
    if (!path.startsWith('/')) throw new LayerLensError('INVALID_ARGUMENT', `Verify paths start with "/": "${path}".`);
  }
  const config = await engineRequest<ImageConfig>(docker, { path: `/images/${request.original}/json`, signal: request.signal });
  const exposed = Object.keys(config.Config?.ExposedPorts ?? {}).filter((p) => p.endsWith('/tcp')).map((p) => Number.parseInt(p, 10));
  const port = request.port ?? exposed[0];
  const health = config.Config?.Healthcheck?.Test;
  const mode: VerifyResult['mode'] = port ? 'http' : health && health[0] !== 'NONE' ? 'healthcheck' : 'command';
  request.onEvent?.(`verify: running ${request.original}`);
  const original = await observe(docker, request.original, 'original', request, mode, port);
  request.onEvent?.(`verify: running ${request.lean}`);
  const lean = await observe(docker, request.lean, 'lean', request, mode, port);
  if (request.signal?.aborted) throw cancelledError('The verification was cancelled.');

  const checks: VerifyCheck[] = [];
  checks.push({
    name: mode === 'command' ? 'runs to completion' : 'starts and answers',
    passed: !original.run.problem && !lean.run.problem,
    original: original.run.problem ?? 'ok',
    lean: lean.run.problem ?? 'ok',
  });
  if (mode === 'command') {
    checks.push({ name: 'exit code', passed: original.run.exitCode === lean.run.exitCode, original: String(original.run.exitCode), lean: String(lean.run.exitCode) });
    checks.push({ name: 'output', passed: original.run.logs === lean.run.logs, original: original.run.logs.slice(0, 500), lean: lean.run.logs.slice(0, 500) });
  } else {
    for (const key of mode === 'http' ? request.paths : ['health']) {
      const a = original.responses.get(key);
      const b = lean.responses.get(key);
      const ok = (x: typeof a): x is { status: number; body: string } => x !== undefined && !('error' in x);
      checks.push({ name: mode === 'http' ? `GET ${key} status` : 'healthcheck', passed: ok(a) && ok(b) && a.status === b.status, original: describe(a), lean: describe(b) });
      if (mode === 'http') checks.push({ name: `GET ${key} body`, passed: ok(a) && ok(b) && a.body === b.body, original: describe(a), lean: describe(b) });
    }
  }
  return { passed: checks.every((c) => c.passed), mode, checks, original: original.run, lean: lean.run };
}

/**
 * A build through the Engine API (POST /build): the context tar streamed up, the JSON progress parsed
 * into step n/m and log lines, errors inside the 200 stream turned into BUILD_FAILED with the failing
 * step's log, and an AbortSignal that ends the request (the daemon then stops the build) -> CANCELLED.
 * The image is built untagged; tagging is a separate step so a failed or cancelled build moves no tag.
 */
import type { Readable } from 'node:stream';
import type Docker from 'dockerode';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { createContextTar } from './build-context';
import { BuildProgressParser, type BuildEvent } from './build-progress';

export interface BuildRequest {
  contextDir: string;
  /** The Dockerfile's name inside the context. */
  dockerfile: string;
  /** Dockerfile content to send under that name instead of the file on disk. */
  dockerfileContent?: string;
  /** .dockerignore rules to apply (default: the context's .dockerignore). */
  ignoreRules?: string | null;
  buildArgs?: Record<string, string>;
  /** The stage to build (default: the last). */
  target?: string;
  labels?: Record<string, string>;
  signal?: AbortSignal;
  onEvent?: (event: BuildEvent) => void;
}

export interface BuildResult {
  imageId: string;
  steps: number;
  durationMs: number;
  log: string[];
}

function cancelled(): LayerLensError {
  return cancelledError('The build was cancelled.');
}

function isAbort(error: unknown): boolean {
  const e = error as { name?: string; code?: string } | undefined;
  return e?.name === 'AbortError' || e?.code === 'ABORT_ERR';
}

export async function buildImage(docker: Docker, request: BuildRequest): Promise<BuildResult> {
  if (request.signal?.aborted) throw cancelled();
  const started = Date.now();
  const context = createContextTar({
    contextDir: request.contextDir,
    dockerfile: request.dockerfile,
    dockerfileContent: request.dockerfileContent,
    ignoreRules: request.ignoreRules,
    signal: request.signal,
  });
  const parser = new BuildProgressParser(request.onEvent);
  let body: Readable;
  try {
    body = await new Promise<Readable>((resolve, reject) => {
      docker.modem.dial(
        {
          path: '/build?',
          method: 'POST',
          file: context,
          isStream: true,
          abortSignal: request.signal,
          options: {
            dockerfile: request.dockerfile,
            rm: true,
            forcerm: true,
            ...(request.buildArgs ? { buildargs: JSON.stringify(request.buildArgs) } : {}),
            ...(request.target ? { target: request.target } : {}),
            ...(request.labels ? { labels: JSON.stringify(request.labels) } : {}),
          },
          statusCodes: { 200: true, 400: 'bad parameter', 500: 'server error' },
        } as Parameters<Docker['modem']['dial']>[0],
        (error: unknown, data: unknown) => (error ? reject(error) : resolve(data as Readable)),
      );
    });
  } catch (error) {
    context.destroy();
    if (request.signal?.aborted || isAbort(error)) throw cancelled();
    const e = error as { statusCode?: number; json?: { message?: string }; message?: string };
    if (e.statusCode === 400 || e.statusCode === 500) {
      const message = e.json?.message ?? e.message ?? 'the engine refused the build';
      throw new LayerLensError('BUILD_FAILED', `The build failed: ${message}`, message);
    }
    throw error;
  }
  const onAbort = () => body.destroy();
  request.signal?.addEventListener('abort', onAbort, { once: true });
  await new Promise<void>((resolve, reject) => {
    body.on('data', (chunk: Buffer) => parser.push(chunk));
    body.on('end', () => resolve());
    body.on('close', () => resolve());
    body.on('error', reject);
  })
    .catch((error: unknown) => {
      if (request.signal?.aborted || isAbort(error)) throw cancelled();
      throw error;
    })
    .finally(() => {
      request.signal?.removeEventListener('abort', onAbort);
      // The engine has answered: what is left of the context (an early failure stops reading it) is not needed.
      context.destroy();
    });
  parser.end();
  if (request.signal?.aborted) throw cancelled();
  const { state } = parser;
  if (state.error) {
    const where = state.step ? `step ${state.step}/${state.total} (${state.instruction})` : 'the build';
    throw new LayerLensError('BUILD_FAILED', `The build failed at ${where}: ${state.error}`, state.stepLog.join('\n'));
  }
  if (!state.imageId) throw new LayerLensError('BUILD_FAILED', 'The build ended without an image.', state.log.slice(-20).join('\n'));
  const imageId = state.imageId.startsWith('sha256:') ? state.imageId : (await docker.getImage(state.imageId).inspect()).Id;
  return { imageId, steps: state.total, durationMs: Date.now() - started, log: state.log };
}

/**
 * Owns the connection to the engine: discovery, ping, the `/events` follower that tells the UI when
 * images change, and reconnection with exponential backoff when the engine goes away.
 */
import type Docker from 'dockerode';
import type { ConnectionStatus, EngineKind, ImageChange } from '../../shared/contract';
import { Emitter } from '../../shared/emitter';
import { LayerLensError, toErrorData } from '../../shared/errors';
import { createDockerClient } from './docker-client';
import { describeEndpoint, type EngineEndpoint } from './endpoint';
import { toEngineError } from './engine-errors';
import { readEngineInfo } from './engine-info';

export interface EngineConnectionOptions {
  resolveEndpoint: () => EngineEndpoint;
  /** Follow `/events` and reconnect automatically (the app and `serve`); the CLI asks once and exits. */
  watch: boolean;
  pingTimeoutMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

interface ConnectionEvents {
  status: ConnectionStatus;
  imagesChanged: ImageChange;
}

const defaultBackoff = { initialMs: 1000, maxMs: 30_000 };

export class EngineConnection {
  readonly events = new Emitter<ConnectionEvents>();
  private current: ConnectionStatus = { state: 'connecting', endpoint: 'not yet resolved' };
  private docker?: Docker;
  private endpoint?: EngineEndpoint;
  private attempt?: Promise<ConnectionStatus>;
  private retryTimer?: NodeJS.Timeout;
  private failures = 0;
  private eventStream?: NodeJS.ReadableStream & { destroy?: () => void };
  private closed = false;
  /** The engine last seen (Docker or Podman) and where: its errors then give that engine's advice. */
  private lastSeen?: { where: string; kind: EngineKind };

  constructor(private readonly options: EngineConnectionOptions) {}

  get status(): ConnectionStatus {
    return this.current;
  }

  /** Connects (or joins the attempt under way) and answers with the resulting status. */
  connect(): Promise<ConnectionStatus> {
    this.attempt ??= this.tryConnect().finally(() => {
      this.attempt = undefined;
    });
    return this.attempt;
  }

  /** Forgets the current connection and tries again now. */
  async reconnect(): Promise<ConnectionStatus> {
    this.stopFollowing();
    this.docker = undefined;
    this.failures = 0;
    return this.connect();
  }

  /** A connected client, connecting first if need be; throws the typed reason when the engine is not there. */
  async client(): Promise<{ docker: Docker; endpoint: EngineEndpoint }> {
    if (this.current.state !== 'connected' || !this.docker || !this.endpoint) {
      const status = await this.connect();
      if (status.state !== 'connected' || !this.docker || !this.endpoint) {
        throw new LayerLensError(
          status.error?.code ?? 'DOCKER_UNREACHABLE',
          status.error?.message ?? 'The engine is not connected.',
          status.error?.detail,
        );
      }
    }
    return { docker: this.docker, endpoint: this.endpoint };
  }

  /** Docker or Podman, as last seen at this endpoint (undefined before the first connection there). */
  lastKind(endpoint: EngineEndpoint): EngineKind | undefined {
    return this.lastSeen?.where === describeEndpoint(endpoint) ? this.lastSeen.kind : undefined;
  }

  /** Called by operations whose request failed: an unreachable engine flips the state at once. */
  reportFailure(error: LayerLensError): void {
    if (error.code === 'DOCKER_UNREACHABLE' && this.current.state === 'connected') {
      this.markDisconnected(error);
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.stopFollowing();
  }

  private async tryConnect(): Promise<ConnectionStatus> {
    clearTimeout(this.retryTimer);
    let endpoint: EngineEndpoint;
    try {
      endpoint = this.options.resolveEndpoint();
    } catch (error) {
      this.endpoint = undefined;
      this.current = { state: 'disconnected', endpoint: 'invalid engine setting' };
      return this.markDisconnected(error as LayerLensError);
    }
    const where = describeEndpoint(endpoint);
    if (this.current.state !== 'connected') this.setStatus({ state: 'connecting', endpoint: where });
    try {
      const docker = createDockerClient(endpoint);
      const engine = await readEngineInfo(docker, AbortSignal.timeout(this.options.pingTimeoutMs ?? 5000));
      this.docker = docker;
      this.endpoint = endpoint;
      this.failures = 0;
      this.lastSeen = { where, kind: engine.kind };
      this.setStatus({ state: 'connected', endpoint: where, engine });
      if (this.options.watch) await this.follow(docker, endpoint);
      return this.current;
    } catch (error) {
      this.endpoint = endpoint;
      return this.markDisconnected(toEngineError(error, endpoint, this.lastKind(endpoint)));
    }
  }

  private async follow(docker: Docker, endpoint: EngineEndpoint): Promise<void> {
    this.stopFollowing();
    const stream = (await docker.getEvents({ filters: { type: ['image'] } })) as NodeJS.ReadableStream & {
      destroy?: () => void;
    };
    this.eventStream = stream;
    let buffered = '';
    stream.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, newline).trim();
        buffered = buffered.slice(newline + 1);
        if (!line) continue;
        try {
          const message = JSON.parse(line) as { Action?: string; Actor?: { ID?: string }; id?: string };
          this.events.emit('imagesChanged', { action: message.Action ?? 'unknown', id: message.Actor?.ID ?? message.id ?? '' });
        } catch {
          // A malformed event line only costs a refresh; the next one resynchronises.
        }
      }
    });
    const lost = (error?: unknown) => {
      if (this.eventStream !== stream || this.closed) return;
      this.eventStream = undefined;
      this.docker = undefined;
      const cause = error ?? Object.assign(new Error('event stream ended'), { code: 'ECONNRESET' });
      this.markDisconnected(toEngineError(cause, endpoint, this.lastKind(endpoint)));
    };
    stream.on('error', lost);
    stream.on('end', () => lost());
    stream.on('close', () => lost());
  }

  private stopFollowing(): void {
    const stream = this.eventStream;
    this.eventStream = undefined;
    stream?.destroy?.();
  }

  private markDisconnected(error: LayerLensError): ConnectionStatus {
    this.docker = undefined;
    const endpoint = this.endpoint ? describeEndpoint(this.endpoint) : this.current.endpoint;
    const status: ConnectionStatus = { state: 'disconnected', endpoint, error: toErrorData(error) };
    if (this.options.watch && !this.closed) {
      const { initialMs, maxMs } = this.options.backoff ?? defaultBackoff;
      const delay = Math.min(maxMs, initialMs * 2 ** this.failures);
      this.failures += 1;
      status.nextRetryAt = Date.now() + delay;
      clearTimeout(this.retryTimer);
      this.retryTimer = setTimeout(() => void this.connect(), delay);
      this.retryTimer.unref?.();
    }
    this.setStatus(status);
    return status;
  }

  private setStatus(status: ConnectionStatus): void {
    this.current = status;
    this.events.emit('status', status);
  }
}

/**
 * A large GET body (an image export, a gigabyte or more) read straight off the engine's socket. Through
 * Node's HTTP client the body arrives as tens of thousands of small chunked-encoding pieces, each a fresh
 * buffer and a stream event: about a second of CPU per gigabyte, as much as indexing the archive itself.
 * Here the request is HTTP/1.0, so the engine (Go's net/http) sends the body as is and closes the
 * connection at its end; reads land in one reused buffer that the consumer parses in place, during the
 * call: no allocation, copy or event per read.
 *
 * Only for a unix socket or plain TCP; over TLS or SSH it rejects with `DirectStreamUnsupported`, and
 * callers use `engineStream`.
 */
import net from 'node:net';
import type Docker from 'dockerode';
import { cancelledError } from '../../shared/errors';

/** A broken connection, typed like the socket errors so callers treat it as the engine being lost. */
function connectionLost(message: string): Error {
  return Object.assign(new Error(message), { code: 'ECONNRESET' });
}

export interface DirectStreamRequest {
  /** Path and query, already encoded ("/images/app%3A1/get"). */
  path: string;
  signal?: AbortSignal;
}

/**
 * The response body, pushed into a writer with `pipeTo` (once): each call gets a view of the socket's read
 * buffer, valid during the call only; a returned promise pauses the socket until it settles. `pipeTo`
 * resolves at the end of the body. `destroy` closes the connection.
 */
export interface DirectStream {
  pipeTo(write: (bytes: Buffer) => void | Promise<void>): Promise<void>;
  destroy(): void;
}

/** A non-2xx answer, shaped like docker-modem's errors (`statusCode`, `json.message`). */
export class DirectStreamStatusError extends Error {
  constructor(
    readonly statusCode: number,
    readonly json: { message?: string } | null,
  ) {
    super(json?.message ?? `the engine answered HTTP ${statusCode}`);
  }
}

/** The engine answered in a form this reader does not take (chunked despite HTTP/1.0): use `engineStream`. */
export class DirectStreamUnsupported extends Error {}

type Modem = {
  socketPath?: unknown;
  /** docker-modem resolves a default socket path lazily. */
  getSocketPath?: () => Promise<string | undefined> | undefined;
  protocol?: string;
  host?: string;
  port?: number | string;
  pathPrefix?: string;
  version?: string;
};

async function connectOptions(docker: Docker): Promise<net.NetConnectOpts | undefined> {
  const modem = docker.modem as Modem;
  if (modem.socketPath) {
    const socketPath = typeof modem.socketPath === 'string' ? modem.socketPath : await modem.getSocketPath?.();
    return socketPath ? { path: socketPath } : undefined;
  }
  // Plain TCP as createDockerClient sets it up (host name and port, no path prefix).
  const plainHost = modem.host && !modem.host.includes('/') && (modem.pathPrefix ?? '/') === '/';
  if (modem.protocol === 'http' && plainHost) return { host: modem.host, port: Number(modem.port ?? 2375) };
  return undefined;
}

const readBufferBytes = 256 * 1024;
const maxHeadBytes = 64 * 1024;
const maxErrorBodyBytes = 64 * 1024;
const headEnd = Buffer.from('\r\n\r\n');

interface ResponseHead {
  status: number;
  headers: Map<string, string>;
}

function parseHead(text: string): ResponseHead {
  const [statusLine, ...lines] = text.split('\r\n');
  const status = /^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1];
  if (!status) throw new Error(`the engine did not answer with HTTP: "${statusLine.slice(0, 80)}"`);
  const headers = new Map<string, string>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { status: Number(status), headers };
}

function errorJson(body: Buffer): { message?: string } | null {
  try {
    const value = JSON.parse(body.toString('utf8')) as { message?: unknown };
    return typeof value?.message === 'string' ? { message: value.message } : null;
  } catch {
    const text = body.toString('utf8').trim();
    return text ? { message: text.slice(0, 500) } : null;
  }
}

/**
 * Sends the GET and resolves once the engine has answered 2xx, with the body to pipe. A non-2xx answer
 * rejects with `DirectStreamStatusError`; a refused connection with the socket's error (ENOENT, EACCES…),
 * which the engine error mapping already explains; the signal rejects, or ends the piping with a cancel.
 */
export async function openDirectStream(docker: Docker, request: DirectStreamRequest): Promise<DirectStream> {
  const options = await connectOptions(docker);
  if (!options) throw new DirectStreamUnsupported('the engine is not on a unix socket or plain TCP');
  if (request.signal?.aborted) throw cancelledError();
  const version = (docker.modem as Modem).version;
  return new DirectResponse(options, `${version ? `/${version}` : ''}${request.path}`, request.signal).opened;
}

class DirectResponse implements DirectStream {
  readonly opened: Promise<DirectStream>;
  private resolveOpened!: (stream: DirectStream) => void;
  private rejectOpened!: (error: Error) => void;
  private readonly socket: net.Socket;
  /** Response bytes until the end of the headers; undefined once they are read. */
  private head: Buffer | undefined = Buffer.alloc(0);
  /** A non-2xx answer: its status, and its body (the engine's JSON message) as it arrives. */
  private errorStatus: number | undefined;
  private readonly errorBody: Buffer[] = [];
  private errorBodyBytes = 0;
  /** Body bytes that arrived while nobody could take them (before `pipeTo`, or while it waited): copies. */
  private readonly held: Buffer[] = [];
  private write: ((bytes: Buffer) => void | Promise<void>) | undefined;
  private waiting = false;
  /** The body has all arrived: the engine closed the connection, or Content-Length bytes came. */
  private remoteEnded = false;
  /** Body bytes still due when the answer gave a Content-Length (Go sends none for an export). */
  private bodyRemaining: number | undefined;
  private failure: Error | undefined;
  private finished = false;
  private resolvePiped: (() => void) | undefined;
  private rejectPiped: ((error: Error) => void) | undefined;

  constructor(options: net.NetConnectOpts, path: string, signal: AbortSignal | undefined) {
    this.opened = new Promise<DirectStream>((resolve, reject) => {
      this.resolveOpened = resolve;
      this.rejectOpened = reject;
    });
    this.opened.catch(() => undefined);
    this.socket = net.connect({
      ...options,
      onread: {
        buffer: Buffer.allocUnsafeSlow(readBufferBytes),
        callback: (bytes: number, buffer: Uint8Array): boolean => {
          this.onBytes(Buffer.from(buffer.buffer, buffer.byteOffset, bytes));
          return true;
        },
      },
    } as net.NetConnectOpts);
    this.socket.on('connect', () => {
      this.socket.write(`GET ${path} HTTP/1.0\r\nHost: docker\r\nUser-Agent: layerlens\r\nConnection: close\r\n\r\n`);
    });
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('end', () => this.onRemoteEnd());
    this.socket.on('close', () => {
      signal?.removeEventListener('abort', onAbort);
      if (this.errorStatus !== undefined) this.failWithStatus();
      else if (!this.remoteEnded) this.fail(connectionLost('the connection to the engine closed unexpectedly'));
    });
    const onAbort = (): void => this.fail(cancelledError());
    signal?.addEventListener('abort', onAbort, { once: true });
  }

  pipeTo(write: (bytes: Buffer) => void | Promise<void>): Promise<void> {
    if (this.write) return Promise.reject(new Error('the engine stream is already being read'));
    this.write = write;
    const piped = new Promise<void>((resolve, reject) => {
      this.resolvePiped = resolve;
      this.rejectPiped = reject;
    });
    if (this.failure) this.rejectPiped?.(this.failure);
    else this.drainHeld();
    return piped;
  }

  destroy(): void {
    if (!this.finished) this.fail(new Error('the reader stopped'));
  }

  private onBytes(data: Buffer): void {
    if (this.failure) return;
    if (this.head) this.onHead(data);
    else if (this.errorStatus !== undefined) this.onErrorBody(data);
    else this.onBody(data);
  }

  private onHead(data: Buffer): void {
    const buffered = Buffer.concat([this.head!, data]);
    const end = buffered.indexOf(headEnd);
    if (end < 0) {
      if (buffered.length > maxHeadBytes) this.fail(new Error('the engine sent no end of HTTP headers'));
      else this.head = buffered;
      return;
    }
    this.head = undefined;
    let parsed: ResponseHead;
    try {
      parsed = parseHead(buffered.subarray(0, end).toString('latin1'));
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (parsed.headers.get('transfer-encoding')?.toLowerCase().includes('chunked')) {
      this.fail(new DirectStreamUnsupported('the engine answered with a chunked body'));
      return;
    }
    const rest = buffered.subarray(end + headEnd.length);
    const length = parsed.headers.get('content-length');
    if (length !== undefined) {
      if (!/^\d+$/.test(length)) {
        this.fail(new Error(`the engine sent a malformed Content-Length "${length.slice(0, 40)}"`));
        return;
      }
      this.bodyRemaining = Number(length);
    }
    if (parsed.status < 200 || parsed.status >= 300) {
      this.errorStatus = parsed.status;
      this.onErrorBody(rest);
      return;
    }
    // Nobody reads yet: what came with the headers is held, and the socket waits for `pipeTo`.
    this.socket.pause();
    this.resolveOpened(this);
    this.onBody(rest);
  }

  private onErrorBody(data: Buffer): void {
    this.errorBody.push(Buffer.from(data));
    this.errorBodyBytes += data.length;
    const complete = this.bodyRemaining !== undefined && this.errorBodyBytes >= this.bodyRemaining;
    if (complete || this.errorBodyBytes > maxErrorBodyBytes) this.failWithStatus();
  }

  private failWithStatus(): void {
    this.fail(new DirectStreamStatusError(this.errorStatus!, errorJson(Buffer.concat(this.errorBody))));
  }

  private onBody(data: Buffer): void {
    if (this.remoteEnded) return;
    let last = false;
    if (this.bodyRemaining !== undefined) {
      if (data.length >= this.bodyRemaining) {
        data = data.subarray(0, this.bodyRemaining);
        last = true;
      }
      this.bodyRemaining -= data.length;
    }
    if (data.length > 0) {
      if (!this.write || this.waiting || this.held.length > 0) {
        this.held.push(Buffer.from(data));
        this.socket.pause();
      } else {
        this.deliver(data);
      }
    }
    if (last) this.onRemoteEnd();
  }

  /** Hands bytes to the writer; when it asks to wait, the socket pauses until it is done. */
  private deliver(data: Buffer): void {
    let wait: void | Promise<void>;
    try {
      wait = this.write!(data);
    } catch (error) {
      this.fail(error as Error);
      return;
    }
    if (!wait) return;
    this.waiting = true;
    this.socket.pause();
    wait.then(
      () => {
        this.waiting = false;
        this.drainHeld();
      },
      (error: unknown) => this.fail(error instanceof Error ? error : new Error(String(error))),
    );
  }

  private drainHeld(): void {
    while (this.held.length > 0 && !this.waiting && !this.failure) this.deliver(this.held.shift()!);
    if (this.waiting || this.failure) return;
    if (this.remoteEnded) this.finish();
    else this.socket.resume();
  }

  private onRemoteEnd(): void {
    if (this.remoteEnded) return;
    if (this.bodyRemaining !== undefined && this.bodyRemaining > 0 && !this.head && this.errorStatus === undefined) {
      this.fail(connectionLost(`the engine's answer was cut short (${this.bodyRemaining} bytes missing)`));
      return;
    }
    this.remoteEnded = true;
    if (this.head) {
      this.fail(connectionLost('the engine closed the connection before answering'));
      return;
    }
    if (this.errorStatus !== undefined) {
      this.failWithStatus();
      return;
    }
    if (this.write && !this.waiting && this.held.length === 0) this.finish();
  }

  private finish(): void {
    if (this.finished || this.failure) return;
    this.finished = true;
    this.socket.destroy();
    this.resolvePiped?.();
  }

  private fail(error: Error): void {
    if (this.finished || this.failure) return;
    this.failure = error;
    this.socket.destroy();
    this.rejectOpened(error);
    this.rejectPiped?.(error);
  }
}

/**
 * HTTP(S) to one registry on Node's own http/https, not fetch: a registry's CA can be trusted per host
 * (Docker's `certs.d/<host:port>/*.crt` layout), redirects are followed by hand so that credentials never
 * travel to another host (blob downloads are redirected to storage), and a blob's body is a plain stream
 * the layer indexer reads in place.
 *
 * HTTPS always; plain HTTP only for a registry on this machine (127.0.0.0/8, ::1, localhost) or one the
 * user named as insecure, and only when that registry does not speak TLS. A certificate that does not
 * verify is never a reason to fall back: it is an error that says how to trust the CA.
 */
import { promises as fs, readFileSync } from 'node:fs';
import http, { type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { cancelledError, LayerLensError } from '../../shared/errors';
import { apiHost, hostName, isLoopback } from './reference';

export interface RegistryOptions {
  /**
   * Registries ("host:port") that may be reached over plain HTTP although they are not on this machine
   * (with those named in LAYERLENS_INSECURE_REGISTRIES, comma-separated, for the app and `serve`).
   */
  insecureRegistries?: string[];
  /**
   * Folders laid out as Docker's `certs.d`: `<host[:port]>/*.crt` are CAs trusted for that registry,
   * `client.cert` + `client.key` a client certificate. Default: LAYERLENS_REGISTRY_CERTS_DIRS (a path
   * list), /etc/docker/certs.d, /etc/containers/certs.d, ~/.config/containers/certs.d.
   */
  certsDirs?: string[];
  /** The docker config folder with config.json (credentials); default DOCKER_CONFIG, else ~/.docker. */
  dockerConfigDir?: string;
  env?: NodeJS.ProcessEnv;
}

export interface TransportRequest {
  method: 'GET' | 'HEAD' | 'POST' | 'PUT';
  /** A path on the registry ("/v2/…"), or an absolute URL (a token realm, a redirect). */
  url: string;
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** Idle sockets and unanswered requests end after this long: a stalled registry is unreachable, not a hang. */
const socketTimeoutMs = 60_000;
const maxRedirects = 5;

function defaultCertsDirs(env: NodeJS.ProcessEnv = process.env): string[] {
  const fromEnv = (env.LAYERLENS_REGISTRY_CERTS_DIRS ?? '').split(path.delimiter).filter(Boolean);
  const home = env.HOME || os.homedir();
  return [...fromEnv, '/etc/docker/certs.d', '/etc/containers/certs.d', path.join(home, '.config', 'containers', 'certs.d')];
}

/** Whether plain HTTP may be used for `registry`. */
export function allowsPlainHttp(registry: string, options: RegistryOptions): boolean {
  if (isLoopback(registry)) return true;
  const env = options.env ?? process.env;
  const fromEnv = (env.LAYERLENS_INSECURE_REGISTRIES ?? '').split(',').filter((r) => r.trim() !== '');
  const named = [...(options.insecureRegistries ?? []), ...fromEnv].map((r) =>
    r
      .trim()
      .replace(/^https?:\/\//, '')
      .replace(/\/+$/, '')
      .toLowerCase(),
  );
  return named.includes(registry.toLowerCase()) || named.includes(hostName(registry).toLowerCase());
}

interface TlsFiles {
  ca: string[];
  cert?: string;
  key?: string;
  /** Where the CAs came from, for messages. */
  from: string[];
}

async function tlsFilesFor(host: string, dirs: string[]): Promise<TlsFiles> {
  const files: TlsFiles = { ca: [], from: [] };
  // Docker names the folder by host:port; a registry on 443 also by its bare name.
  const names = [...new Set([host, host.replace(/:443$/, '')])];
  for (const dir of dirs) {
    for (const name of names) {
      const folder = path.join(dir, name);
      const entries = await fs.readdir(folder).catch(() => [] as string[]);
      for (const entry of entries.sort()) {
        const file = path.join(folder, entry);
        if (entry.endsWith('.crt')) {
          const pem = await fs.readFile(file, 'utf8').catch(() => undefined);
          if (pem) {
            files.ca.push(pem);
            files.from.push(file);
          }
        } else if (entry.endsWith('.cert')) {
          const key = path.join(folder, `${entry.slice(0, -'.cert'.length)}.key`);
          const [cert, keyPem] = await Promise.all([
            fs.readFile(file, 'utf8').catch(() => undefined),
            fs.readFile(key, 'utf8').catch(() => undefined),
          ]);
          if (cert && keyPem && !files.cert) {
            files.cert = cert;
            files.key = keyPem;
          }
        }
      }
    }
  }
  return files;
}

/** NODE_EXTRA_CA_CERTS extends Node's default store only when no `ca` is given: keep it when we give one. */
function extraCaFromEnv(env: NodeJS.ProcessEnv): string[] {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (!file) return [];
  try {
    return [readFileSync(file, 'utf8')];
  } catch {
    return [];
  }
}

const certificateCodes = new Set([
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REJECTED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

const unreachableCodes = new Set([
  'ECONNREFUSED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'ECONNRESET',
  'EPIPE',
  'ENETDOWN',
]);

function errorCode(error: unknown): string {
  return String((error as { code?: unknown })?.code ?? '');
}

/** The peer answered a TLS hello in plain HTTP (or not in TLS at all). */
function isPlainHttpAnswer(error: unknown): boolean {
  const code = errorCode(error);
  const message = error instanceof Error ? error.message : '';
  return (
    code === 'EPROTO' || code === 'ERR_SSL_WRONG_VERSION_NUMBER' || /wrong version number|packet length too long|unknown protocol/i.test(message)
  );
}

function isAbortError(error: unknown): boolean {
  return (error as { name?: string })?.name === 'AbortError' || errorCode(error) === 'ABORT_ERR';
}

/** A network failure as the error a user can act on; never carries request headers. */
export function connectionError(
  error: unknown,
  registry: string,
  options: { triedHttps: boolean; plainAllowed: boolean; caFiles: string[] },
): LayerLensError {
  if (error instanceof LayerLensError) return error;
  const code = errorCode(error);
  const detail = `${code ? `${code}: ` : ''}${error instanceof Error ? error.message : String(error)}`;
  if (certificateCodes.has(code) || /certificate/i.test(detail)) {
    const expired = code === 'CERT_HAS_EXPIRED' || code === 'CERT_NOT_YET_VALID';
    const misnamed = code === 'ERR_TLS_CERT_ALTNAME_INVALID';
    const why = expired
      ? 'its certificate is expired or not yet valid'
      : misnamed
        ? `its certificate is not issued for ${hostName(registry)}`
        : 'its certificate is not signed by a certificate authority this machine trusts';
    const trusted = options.caFiles.length > 0 ? ` (trusted for it: ${options.caFiles.join(', ')})` : '';
    const fix =
      expired || misnamed
        ? 'The registry needs a valid certificate for this name.'
        : `If the registry uses your own CA, put the CA certificate in /etc/docker/certs.d/${registry}/ca.crt (where Docker looks for it too) or name it in NODE_EXTRA_CA_CERTS, then try again.`;
    return new LayerLensError('TLS_UNTRUSTED', `The TLS connection to the registry ${registry} failed: ${why}${trusted}. ${fix}`, detail);
  }
  if (isPlainHttpAnswer(error) && options.triedHttps && !options.plainAllowed) {
    return new LayerLensError(
      'SERVER_UNREACHABLE',
      `The registry ${registry} does not answer over HTTPS (it seems to speak plain HTTP). Plain HTTP is used only for registries on this machine, or for one named as an insecure registry.`,
      detail,
    );
  }
  const what = unreachableCodes.has(code)
    ? {
        ECONNREFUSED: 'the connection was refused',
        ENOTFOUND: 'the host name is unknown',
        EAI_AGAIN: 'the host name could not be looked up',
        ETIMEDOUT: 'it did not answer in time',
        ECONNRESET: 'the connection was reset',
      }[code]
    : undefined;
  return new LayerLensError(
    'SERVER_UNREACHABLE',
    `Cannot reach the registry ${registry}${what ? ` (${what})` : ''}. Check the name and port, the network, and that the registry is running.`,
    detail,
  );
}

/** Everything one registry's requests share: the scheme it answered on, its TLS trust, kept-alive sockets. */
export class RegistryTransport {
  private scheme: 'https' | 'http' | undefined;
  /** Per origin (the registry, its token service, a storage host it redirects to): an agent with that host's CAs. */
  private readonly agents = new Map<string, Promise<{ agent: http.Agent | https.Agent; caFiles: string[] }>>();
  readonly plainAllowed: boolean;
  private readonly host: string;

  constructor(
    readonly registry: string,
    private readonly options: RegistryOptions = {},
  ) {
    this.plainAllowed = allowsPlainHttp(registry, options);
    this.host = apiHost(registry);
  }

  /** "https://host:port" once the scheme is known (after the first request). */
  get origin(): string {
    return `${this.scheme ?? 'https'}://${this.host}`;
  }

  close(): void {
    for (const made of this.agents.values())
      void made.then(
        ({ agent }) => agent.destroy(),
        () => undefined,
      );
    this.agents.clear();
  }

  private agentFor(url: URL): Promise<{ agent: http.Agent | https.Agent; caFiles: string[] }> {
    const key = `${url.protocol}//${url.host}`;
    let made = this.agents.get(key);
    if (!made) {
      made = (async () => {
        if (url.protocol === 'http:') return { agent: new http.Agent({ keepAlive: true, maxSockets: 8 }), caFiles: [] };
        const files = await tlsFilesFor(url.host, this.options.certsDirs ?? defaultCertsDirs(this.options.env));
        const ca = files.ca.length > 0 ? [...tls.rootCertificates, ...extraCaFromEnv(this.options.env ?? process.env), ...files.ca] : undefined;
        const agent = new https.Agent({
          keepAlive: true,
          maxSockets: 8,
          ...(ca ? { ca } : {}),
          ...(files.cert ? { cert: files.cert, key: files.key } : {}),
        });
        return { agent, caFiles: files.from };
      })();
      this.agents.set(key, made);
    }
    return made;
  }

  /** The CA files trusted for the registry, for messages. */
  private async caFiles(): Promise<string[]> {
    return (await this.agents.get(`https://${this.host}`))?.caFiles ?? [];
  }

  /**
   * Sends one request and resolves with the response (any status); follows redirects, sending the
   * request's Authorization only to the registry's own origin. The body of a GET is the caller's to read
   * or to `resume()`.
   */
  async send(request: TransportRequest): Promise<IncomingMessage> {
    if (request.signal?.aborted) throw cancelledError();
    if (/^https?:\/\//.test(request.url)) return this.follow(new URL(request.url), request, 0);
    if (this.scheme) return this.follow(new URL(`${this.origin}${request.url}`), request, 0);
    // The first request finds the scheme: HTTPS, else (where allowed) plain HTTP.
    try {
      const response = await this.follow(new URL(`https://${this.host}${request.url}`), request, 0);
      this.scheme = 'https';
      return response;
    } catch (error) {
      if (request.signal?.aborted || isAbortError(error)) throw cancelledError();
      const code = errorCode(error);
      const certificate = certificateCodes.has(code);
      if (!this.plainAllowed || certificate || !(isPlainHttpAnswer(error) || unreachableCodes.has(code))) {
        throw connectionError(error, this.registry, { triedHttps: true, plainAllowed: this.plainAllowed, caFiles: await this.caFiles() });
      }
    }
    try {
      const response = await this.follow(new URL(`http://${this.host}${request.url}`), request, 0);
      this.scheme = 'http';
      return response;
    } catch (error) {
      if (request.signal?.aborted || isAbortError(error)) throw cancelledError();
      throw connectionError(error, this.registry, { triedHttps: false, plainAllowed: true, caFiles: [] });
    }
  }

  /** `send` for a scheme already known: connection errors mapped for the user. */
  async request(request: TransportRequest): Promise<IncomingMessage> {
    try {
      return await this.send(request);
    } catch (error) {
      if (request.signal?.aborted || isAbortError(error)) throw cancelledError();
      throw connectionError(error, this.registry, {
        triedHttps: this.scheme !== 'http',
        plainAllowed: this.plainAllowed,
        caFiles: await this.caFiles(),
      });
    }
  }

  private async follow(url: URL, request: TransportRequest, hops: number): Promise<IncomingMessage> {
    const response = await this.once(url, request);
    const status = response.statusCode ?? 0;
    const location = response.headers.location;
    if (![301, 302, 303, 307, 308].includes(status) || !location || request.method === 'POST' || request.method === 'PUT') return response;
    response.resume();
    if (hops >= maxRedirects) throw new LayerLensError('REGISTRY_ERROR', `The registry ${this.registry} redirected more than ${maxRedirects} times.`);
    const next = new URL(location, url);
    // Never to plain HTTP, except where plain HTTP is allowed at all (this machine, a registry named insecure).
    if (next.protocol !== 'https:' && !(next.protocol === 'http:' && allowsPlainHttp(next.host, this.options))) {
      throw new LayerLensError(
        'REGISTRY_ERROR',
        `The registry ${this.registry} redirected to ${next.protocol}//${next.host}; LayerLens follows redirects to HTTPS only.`,
      );
    }
    // Credentials stay with the registry: a storage URL carries its own signature.
    const sameOrigin = next.origin === url.origin;
    const headers = { ...(request.headers ?? {}) };
    if (!sameOrigin) delete headers.Authorization;
    return this.follow(next, { ...request, headers }, hops + 1);
  }

  private async once(url: URL, request: TransportRequest): Promise<IncomingMessage> {
    const { agent } = await this.agentFor(url);
    const module = url.protocol === 'http:' ? http : https;
    return new Promise<IncomingMessage>((resolve, reject) => {
      const req = module.request(
        url,
        {
          method: request.method,
          headers: {
            'User-Agent': 'layerlens',
            ...(request.body !== undefined ? { 'Content-Length': String(Buffer.byteLength(request.body)) } : {}),
            ...(request.headers ?? {}),
          },
          agent,
          signal: request.signal,
          timeout: socketTimeoutMs,
        },
        (response) => {
          // The body's sockets idle out too (a stalled download); `timeout` covers the wait for headers.
          response.socket.setTimeout(socketTimeoutMs);
          resolve(response);
        },
      );
      req.on('timeout', () => req.destroy(Object.assign(new Error('the registry did not answer in time'), { code: 'ETIMEDOUT' })));
      req.on('error', reject);
      req.end(request.body);
    });
  }
}

/** The first value of a header. */
export function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** Reads a small body whole; more than `maxBytes` is an error (a registry does not send megabytes of JSON). */
export async function readBody(response: IncomingMessage, maxBytes: number, what: string): Promise<Buffer> {
  const declared = Number(header(response.headers, 'content-length'));
  if (Number.isFinite(declared) && declared > maxBytes) {
    response.destroy();
    throw new LayerLensError('REGISTRY_ERROR', `${what} is ${declared} bytes, more than the ${maxBytes} LayerLens accepts.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of response as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) {
      response.destroy();
      throw new LayerLensError('REGISTRY_ERROR', `${what} is more than the ${maxBytes} bytes LayerLens accepts.`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

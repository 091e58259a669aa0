/**
 * A registry at the HTTP level for unit tests (the docker tests use the real one, test/local-registry.ts):
 * manifests and blobs from memory, Basic or Bearer auth with its own token service, statuses and bodies a
 * test chooses, and a log of what was asked (with the Authorization each request carried).
 */
import { createHash } from 'node:crypto';
import http from 'node:http';
import type net from 'node:net';

export interface FakeRegistryOptions {
  /** none: open; basic: user + password; bearer: tokens from /token (given for user + password, or anonymous when `anonymous`). */
  auth?: 'none' | 'basic' | 'bearer';
  username?: string;
  password?: string;
  /** Bearer: tokens are handed out without credentials too (Docker Hub's public images). */
  anonymous?: boolean;
  /** The token the service hands out (a secret a test looks for in errors). */
  token?: string;
  /** Seconds a token lives. */
  expiresIn?: number;
}

export interface LoggedRequest {
  method: string;
  path: string;
  authorization?: string;
}

export function digestOf(data: Buffer): string {
  return `sha256:${createHash('sha256').update(data).digest('hex')}`;
}

export class FakeRegistry {
  readonly log: LoggedRequest[] = [];
  readonly manifests = new Map<string, { type: string; data: Buffer }>();
  readonly blobs = new Map<string, Buffer>();
  /** Answers a test puts in front of everything: path regex -> status (and optional body, headers). */
  readonly overrides: { path: RegExp; status: number; body?: string; headers?: Record<string, string>; cutAfter?: number }[] = [];
  tokensIssued = 0;
  private server: http.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(readonly options: FakeRegistryOptions = {}) {}

  get host(): string {
    return `127.0.0.1:${this.port}`;
  }

  get token(): string {
    return this.options.token ?? 'fake-token-s3cr3t';
  }

  /** Stores a manifest under its digest and, when given, a tag; returns its digest. */
  putManifest(repository: string, content: object | Buffer, type: string, tag?: string): string {
    const data = Buffer.isBuffer(content) ? content : Buffer.from(JSON.stringify(content));
    const digest = digestOf(data);
    this.manifests.set(`${repository}@${digest}`, { type, data });
    if (tag) this.manifests.set(`${repository}:${tag}`, { type, data });
    return digest;
  }

  putBlob(data: Buffer): { digest: string; size: number } {
    const digest = digestOf(data);
    this.blobs.set(digest, data);
    return { digest, size: data.length };
  }

  async start(): Promise<this> {
    this.server = http.createServer((req, res) => this.handle(req, res));
    this.server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
    return this;
  }

  async stop(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }

  private basicOk(authorization: string | undefined): boolean {
    const expected = `Basic ${Buffer.from(`${this.options.username}:${this.options.password}`).toString('base64')}`;
    return authorization === expected;
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const url = new URL(req.url ?? '/', `http://${this.host}`);
    const authorization = req.headers.authorization;
    this.log.push({ method: req.method ?? 'GET', path: url.pathname + url.search, ...(authorization ? { authorization } : {}) });
    const send = (status: number, body: string | Buffer = '', headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'Content-Length': String(Buffer.byteLength(body)), ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    for (const override of this.overrides) {
      if (!override.path.test(url.pathname)) continue;
      if (override.cutAfter !== undefined) {
        // The connection breaks mid-body: the headers promise more than is sent.
        const blob = this.blobs.get(url.pathname.split('/blobs/')[1] ?? '') ?? Buffer.alloc(0);
        res.writeHead(200, { 'Content-Length': String(blob.length) });
        res.write(blob.subarray(0, override.cutAfter), () => res.socket?.destroy());
        return;
      }
      return send(override.status, override.body ?? '', override.headers);
    }
    if (url.pathname === '/token') {
      const allowed = this.options.anonymous || this.basicOk(authorization);
      if (!allowed) return send(401, JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'bad credentials' }] }));
      this.tokensIssued++;
      return send(200, JSON.stringify({ token: this.token, expires_in: this.options.expiresIn ?? 300 }), { 'Content-Type': 'application/json' });
    }
    const auth = this.options.auth ?? 'none';
    const scope = /^\/v2\/(.+)\/(?:manifests|blobs)\//.exec(url.pathname)?.[1];
    if (auth === 'basic' && !this.basicOk(authorization)) {
      return send(401, JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }), {
        'WWW-Authenticate': 'Basic realm="fake"',
      });
    }
    if (auth === 'bearer' && authorization !== `Bearer ${this.token}`) {
      const challenge = `Bearer realm="http://${this.host}/token",service="fake-registry"${scope ? `,scope="repository:${scope}:pull"` : ''}`;
      return send(401, JSON.stringify({ errors: [{ code: 'UNAUTHORIZED', message: 'authentication required' }] }), { 'WWW-Authenticate': challenge });
    }
    if (url.pathname === '/v2/') return send(200, '{}');
    const manifest = /^\/v2\/(.+)\/manifests\/(.+)$/.exec(url.pathname);
    if (manifest) {
      const [, repository, reference] = manifest;
      const found = this.manifests.get(`${repository}${reference.includes(':') ? '@' : ':'}${reference}`);
      if (!found) return send(404, JSON.stringify({ errors: [{ code: 'MANIFEST_UNKNOWN', message: 'manifest unknown' }] }));
      return send(200, found.data, { 'Content-Type': found.type, 'Docker-Content-Digest': digestOf(found.data) });
    }
    const blob = /^\/v2\/(.+)\/blobs\/(sha256:[0-9a-f]{64})$/.exec(url.pathname);
    if (blob) {
      const data = this.blobs.get(blob[2]);
      if (!data) return send(404, JSON.stringify({ errors: [{ code: 'BLOB_UNKNOWN', message: 'blob unknown' }] }));
      return send(200, data, { 'Content-Type': 'application/octet-stream' });
    }
    send(404);
  }
}

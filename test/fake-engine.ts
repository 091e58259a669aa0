/**
 * A fake Docker Engine at the HTTP level, on a unix socket: unit tests drive the real dockerode and
 * LayerLens code against it, including an `/events` stream they can push to and cut.
 */
import fs from 'node:fs';
import http, { type ServerResponse } from 'node:http';
import os from 'node:os';
import path from 'node:path';

/** `/version` as Podman 4.3's Docker-compatible API answers it (Podman names itself in a component). */
export const podmanVersion = {
  Version: '4.3.1',
  ApiVersion: '1.41',
  Os: 'linux',
  Arch: 'amd64',
  Components: [{ Name: 'Podman Engine', Version: '4.3.1' }],
  Platform: { Name: 'linux/amd64/debian-12' },
};

export type Route = (url: URL) => { status?: number; body: unknown } | undefined;

export class FakeEngine {
  readonly socketPath: string;
  private server?: http.Server;
  private readonly eventStreams = new Set<ServerResponse>();
  readonly requests: string[] = [];

  constructor(private readonly routes: Record<string, unknown | Route> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-fake-engine-'));
    this.socketPath = path.join(dir, 'docker.sock');
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  async start(): Promise<void> {
    // `stop` removes the socket's folder; a restart (an engine coming back) makes it again.
    fs.mkdirSync(path.dirname(this.socketPath), { recursive: true, mode: 0o700 });
    this.server = http.createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://engine');
      this.requests.push(url.pathname);
      if (url.pathname === '/events') {
        response.writeHead(200, { 'Content-Type': 'application/json' });
        response.flushHeaders();
        this.eventStreams.add(response);
        response.on('close', () => this.eventStreams.delete(response));
        return;
      }
      const answer = this.answer(url);
      response.writeHead(answer.status, { 'Content-Type': 'application/json' });
      response.end(typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body));
    });
    await new Promise<void>((resolve) => this.server!.listen(this.socketPath, resolve));
  }

  private answer(url: URL): { status: number; body: unknown } {
    const route = this.routes[url.pathname];
    if (typeof route === 'function') {
      const result = (route as Route)(url);
      if (result) return { status: result.status ?? 200, body: result.body };
    } else if (route !== undefined) {
      return { status: 200, body: route };
    }
    const builtin: Record<string, unknown> = {
      '/_ping': 'OK',
      '/version': { Version: '99.0.0-fake', ApiVersion: '1.41', Os: 'linux', Arch: 'amd64', KernelVersion: 'fake' },
      '/images/json': [],
      '/system/df': { LayersSize: 0 },
    };
    if (url.pathname in builtin) return { status: 200, body: builtin[url.pathname] };
    return { status: 404, body: { message: `no such route ${url.pathname}` } };
  }

  pushEvent(event: unknown): void {
    for (const stream of this.eventStreams) stream.write(`${JSON.stringify(event)}\n`);
  }

  get followers(): number {
    return this.eventStreams.size;
  }

  /** Stops answering, cutting open event streams, as an engine that goes away. */
  async stop(): Promise<void> {
    for (const stream of this.eventStreams) stream.destroy();
    this.eventStreams.clear();
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
    fs.rmSync(path.dirname(this.socketPath), { recursive: true, force: true });
  }
}

/**
 * A Unix-socket proxy in front of the real engine that a test cuts mid-call: every connection is destroyed
 * and the socket removed, which is what LayerLens sees when the engine dies or restarts under it.
 */
import { promises as fs } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

const requestLine = /(GET|POST|PUT|DELETE|HEAD) (\S+) HTTP\/1\.[01]\r\n/g;

export interface ProxyCall {
  method: string;
  path: string;
  /** Bytes of the engine's answer so far. */
  answered: number;
}

export interface EngineProxyOptions {
  upstream?: string;
  /** Looked at on every request and every piece of an answer; true cuts the engine off. */
  cutWhen: (call: ProxyCall) => boolean;
}

export class EngineProxy {
  readonly calls: ProxyCall[] = [];
  cutAt: ProxyCall | undefined;
  private server: net.Server | undefined;
  private readonly sockets = new Set<net.Socket>();
  private dir = '';

  constructor(private readonly options: EngineProxyOptions) {}

  get socketPath(): string {
    return path.join(this.dir, 'engine.sock');
  }

  get host(): string {
    return `unix://${this.socketPath}`;
  }

  async start(): Promise<void> {
    this.dir = await fs.mkdtemp(path.join(os.tmpdir(), 'layerlens-proxy-'));
    const upstream = this.options.upstream ?? '/var/run/docker.sock';
    this.server = net.createServer((client) => {
      const engine = net.connect(upstream);
      this.track(client);
      this.track(engine);
      let current: ProxyCall | undefined;
      client.on('data', (chunk) => {
        for (const match of chunk.toString('latin1').matchAll(requestLine)) {
          current = { method: match[1]!, path: match[2]!, answered: 0 };
          this.calls.push(current);
          this.check(current);
        }
        if (!this.cutAt) engine.write(chunk);
      });
      engine.on('data', (chunk) => {
        if (current) {
          current.answered += chunk.length;
          this.check(current);
        }
        if (!this.cutAt) client.write(chunk);
      });
      client.on('end', () => engine.end());
      engine.on('end', () => client.end());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.socketPath, resolve));
  }

  /** Drops every connection and stops listening: new calls fail as with an engine that is gone. */
  cut(call?: ProxyCall): void {
    if (this.cutAt) return;
    this.cutAt = call ?? { method: '', path: '(by the test)', answered: 0 };
    this.server?.close();
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.cut();
    await fs.rm(this.dir, { recursive: true, force: true });
  }

  private check(call: ProxyCall): void {
    if (!this.cutAt && this.options.cutWhen(call)) this.cut(call);
  }

  private track(socket: net.Socket): void {
    this.sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => this.sockets.delete(socket));
  }
}

import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import Docker from 'dockerode';
import { afterEach, describe, expect, it } from 'vitest';
import { DirectStreamStatusError, DirectStreamUnsupported, openDirectStream } from './direct-stream';

const servers: net.Server[] = [];
const dirs: string[] = [];

function socketPath(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-direct-'));
  dirs.push(dir);
  return path.join(dir, 'engine.sock');
}

const connections = new Set<net.Socket>();

async function listen(server: net.Server): Promise<Docker> {
  const where = socketPath();
  servers.push(server);
  server.on('connection', (socket) => {
    connections.add(socket);
    socket.on('error', () => undefined); // the client hangs up mid-answer on purpose in some tests
    socket.on('close', () => connections.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(where, resolve));
  return new Docker({ socketPath: where });
}

afterEach(async () => {
  for (const socket of connections) socket.destroy();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

/** An HTTP engine that answers every GET with `body`, written in pieces with pauses in between. */
async function engineSending(body: Buffer, seen: string[] = []): Promise<Docker> {
  return listen(
    http.createServer((request, response) => {
      seen.push(`${request.method} ${request.url} HTTP/${request.httpVersion}`);
      response.writeHead(200, { 'Content-Type': 'application/x-tar' });
      let offset = 0;
      const next = (): void => {
        if (offset >= body.length) {
          response.end();
          return;
        }
        response.write(body.subarray(offset, offset + 7919));
        offset += 7919;
        setImmediate(next);
      };
      next();
    }),
  );
}

describe('openDirectStream', () => {
  it('sends an HTTP/1.0 GET and pipes the whole body in order, pausing while the writer waits', async () => {
    const body = randomBytes(3 * 1024 * 1024 + 17);
    const seen: string[] = [];
    const docker = await engineSending(body, seen);
    const stream = await openDirectStream(docker, { path: '/images/app:1/get' });
    // Bytes that come before anyone reads are held, not lost.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const parts: Buffer[] = [];
    let calls = 0;
    let waiting = false;
    let calledWhileWaiting = 0;
    await stream.pipeTo(async (bytes) => {
      if (waiting) calledWhileWaiting++;
      // The view is only valid during the call: keep a copy, as real writers do.
      parts.push(Buffer.from(bytes));
      if (++calls % 5 === 0) {
        waiting = true;
        await new Promise((resolve) => setTimeout(resolve, 1));
        waiting = false;
      }
    });
    expect(seen).toEqual(['GET /images/app:1/get HTTP/1.0']);
    expect(Buffer.concat(parts).equals(body)).toBe(true);
    expect(calledWhileWaiting).toBe(0);
  });

  it("rejects a non-2xx answer with the engine's message and status", async () => {
    const docker = await listen(
      http.createServer((_request, response) => {
        response.writeHead(404, { 'Content-Type': 'application/json' });
        response.end(JSON.stringify({ message: 'No such image: nope:1' }));
      }),
    );
    const error = await openDirectStream(docker, { path: '/images/nope:1/get' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectStreamStatusError);
    expect(error).toMatchObject({ statusCode: 404, message: 'No such image: nope:1', json: { message: 'No such image: nope:1' } });
  });

  it('declines a chunked answer (the caller then reads through the HTTP client)', async () => {
    const docker = await listen(
      net.createServer((socket) => {
        socket.once('data', () => socket.end('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n'));
      }),
    );
    await expect(openDirectStream(docker, { path: '/x' })).rejects.toBeInstanceOf(DirectStreamUnsupported);
  });

  it('rejects when the engine hangs up without answering, or is not there', async () => {
    const docker = await listen(net.createServer((socket) => socket.once('data', () => socket.end())));
    await expect(openDirectStream(docker, { path: '/x' })).rejects.toThrow(/closed the connection before answering/);
    const missing = new Docker({ socketPath: path.join(os.tmpdir(), `layerlens-no-engine-${process.pid}.sock`) });
    await expect(openDirectStream(missing, { path: '/x' })).rejects.toMatchObject({ code: 'ENOENT' });
  });

  it('is cancelled by its signal mid-body, and a failing writer stops it', async () => {
    const body = randomBytes(8 * 1024 * 1024);
    const docker = await engineSending(body);
    const controller = new AbortController();
    const stream = await openDirectStream(docker, { path: '/x', signal: controller.signal });
    let received = 0;
    const piping = stream.pipeTo((bytes) => {
      received += bytes.length;
      if (received > 1024 * 1024) controller.abort();
    });
    await expect(piping).rejects.toMatchObject({ code: 'CANCELLED' });
    expect(received).toBeLessThan(body.length);

    const again = await openDirectStream(docker, { path: '/x' });
    await expect(
      again.pipeTo(() => {
        throw new Error('writer broke');
      }),
    ).rejects.toThrow('writer broke');
  });

  it('holds the engine back while the writer waits (backpressure), then reads on', async () => {
    const total = 32 * 1024 * 1024;
    let written = 0;
    const docker = await listen(
      http.createServer((_request, response) => {
        response.writeHead(200);
        const piece = Buffer.alloc(64 * 1024, 7);
        const next = (): void => {
          while (written < total) {
            written += piece.length;
            if (!response.write(piece)) {
              response.once('drain', next);
              return;
            }
          }
          response.end();
        };
        next();
      }),
    );
    const stream = await openDirectStream(docker, { path: '/x' });
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let received = 0;
    const piping = stream.pipeTo((bytes) => {
      received += bytes.length;
      if (received === bytes.length) return released; // the first call waits until released
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // Without pausing, the whole answer would have been read (and held in memory) by now.
    expect(written).toBeLessThan(total / 2);
    release();
    await piping;
    expect(received).toBe(total);
  });

  it('honours a Content-Length (a server that keeps the connection open), and notices a body cut short', async () => {
    const keepsOpen = await listen(
      net.createServer((socket) => socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello'))),
    );
    const parts: Buffer[] = [];
    await (await openDirectStream(keepsOpen, { path: '/x' })).pipeTo((bytes) => void parts.push(Buffer.from(bytes)));
    expect(Buffer.concat(parts).toString()).toBe('hello');

    const cut = await listen(
      net.createServer((socket) => socket.once('data', () => socket.end('HTTP/1.0 200 OK\r\nContent-Length: 10\r\n\r\nhello'))),
    );
    await expect((await openDirectStream(cut, { path: '/x' })).pipeTo(() => undefined)).rejects.toThrow(/cut short/);
  });

  it('gives up on an endless error body, and on an engine that never answers when cancelled', async () => {
    const endless = await listen(
      net.createServer((socket) => socket.once('data', () => socket.write(`HTTP/1.0 500 Internal Server Error\r\n\r\n${'x'.repeat(200 * 1024)}`))),
    );
    await expect(openDirectStream(endless, { path: '/x' })).rejects.toMatchObject({ statusCode: 500 });

    const silent = await listen(net.createServer(() => undefined));
    const controller = new AbortController();
    const opening = openDirectStream(silent, { path: '/x', signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(opening).rejects.toMatchObject({ code: 'CANCELLED' });
  });

  it('stops for good when destroyed', async () => {
    const docker = await engineSending(randomBytes(1024 * 1024));
    const stream = await openDirectStream(docker, { path: '/x' });
    stream.destroy();
    await expect(stream.pipeTo(() => undefined)).rejects.toThrow(/reader stopped/);
  });

  it('declines engines it cannot reach directly (TLS, SSH)', async () => {
    const tls = new Docker({ protocol: 'https', host: '127.0.0.1', port: 2376 });
    await expect(openDirectStream(tls, { path: '/x' })).rejects.toBeInstanceOf(DirectStreamUnsupported);
  });
});

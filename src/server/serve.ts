/**
 * `layerlens serve`: the HTTP + WebSocket adapter of the contract. POST /api/call/<method> with a JSON
 * argument list answers an envelope; /api/events streams contract events; everything else is the built
 * renderer. Bound to loopback only, guarded by `checkRequest`.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { eventNames, type EventMessage, type EventSource, type LayerLensApi } from '../shared/contract';
import { LayerLensError } from '../shared/errors';
import { dispatch } from '../core/api/dispatch';
import { checkRequest } from './request-guard';
import { resolveStatic } from './static-files';

export interface ServeOptions {
  api: LayerLensApi & EventSource;
  rendererDir: string;
  /** 0 picks a free port. */
  port?: number;
  token?: string;
}

export interface RunningServer {
  url: string;
  /** The address it listens on: always loopback. */
  address: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

const maxBodyBytes = 1024 * 1024;
const apiPrefix = '/api/call/';

export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
  "connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'none'";

function send(response: ServerResponse, status: number, body: string, type = 'text/plain; charset=utf-8'): void {
  response.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': contentSecurityPolicy,
  });
  response.end(body);
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > maxBodyBytes) {
        reject(new LayerLensError('INVALID_ARGUMENT', 'Request body too large.'));
        request.destroy();
      } else chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

async function handleCall(api: LayerLensApi, method: string, request: IncomingMessage, response: ServerResponse) {
  if (request.method !== 'POST') return send(response, 405, 'Use POST.');
  let args: unknown;
  try {
    const body = await readBody(request);
    args = body === '' ? [] : JSON.parse(body);
  } catch (error) {
    const message = error instanceof LayerLensError ? error.message : 'The body is not valid JSON.';
    return send(response, 400, JSON.stringify({ ok: false, error: { code: 'INVALID_ARGUMENT', message } }), 'application/json');
  }
  const envelope = await dispatch(api, method, args);
  send(response, 200, JSON.stringify(envelope), 'application/json');
}

export async function startServer(options: ServeOptions): Promise<RunningServer> {
  const rendererDir = path.resolve(options.rendererDir);
  if (!fs.existsSync(path.join(rendererDir, 'index.html'))) {
    throw new LayerLensError('INVALID_ARGUMENT', `The UI is not built (no ${path.join(rendererDir, 'index.html')}). Run \`npm run build\` first.`);
  }
  const token = options.token ?? randomBytes(24).toString('base64url');
  let port = options.port ?? 0;

  const server = http.createServer((request, response) => {
    const verdict = checkRequest(request, { token, port });
    if (!verdict.ok) return send(response, verdict.status, verdict.reason);
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (url.pathname.startsWith(apiPrefix)) {
      void handleCall(options.api, url.pathname.slice(apiPrefix.length), request, response);
      return;
    }
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, 'Method not allowed.');
    const file = resolveStatic(rendererDir, url.pathname);
    if (!file) return send(response, 404, 'Not found.');
    const headers: Record<string, string> = {
      'Content-Type': file.contentType,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': contentSecurityPolicy,
      'Cache-Control': 'no-store',
    };
    response.writeHead(200, headers);
    if (request.method === 'HEAD') return response.end();
    // A file that vanished (a rebuild while serving) ends this response, not the server.
    fs.createReadStream(file.filePath)
      .on('error', () => response.destroy())
      .pipe(response);
  });

  const sockets = new WebSocketServer({ noServer: true });
  server.on('upgrade', (request, socket, head) => {
    const verdict = checkRequest(request, { token, port });
    const url = new URL(request.url ?? '/', 'http://placeholder');
    if (!verdict.ok || url.pathname !== '/api/events') {
      socket.end(`HTTP/1.1 ${verdict.ok ? 404 : verdict.status} Refused\r\nConnection: close\r\n\r\n`);
      return;
    }
    sockets.handleUpgrade(request, socket, head, (ws) => subscribe(ws, options.api));
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const bound = server.address() as AddressInfo;
  port = bound.port;
  const url = `http://127.0.0.1:${port}/?token=${token}`;

  return {
    url,
    address: bound.address,
    port,
    token,
    close: () =>
      new Promise<void>((resolve) => {
        for (const client of sockets.clients) client.terminate();
        sockets.close();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function subscribe(ws: WebSocket, events: EventSource): void {
  const unsubscribes = eventNames.map((event) =>
    events.on(event, (payload) => {
      const message: EventMessage = { event, payload };
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(message));
    }),
  );
  ws.on('close', () => unsubscribes.forEach((off) => off()));
}

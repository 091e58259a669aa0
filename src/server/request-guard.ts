/**
 * `layerlens serve` drives a root-equivalent Docker socket, so every request must prove it comes from
 * the user's own browser tab: the right Host (no DNS rebinding), no foreign Origin, and the random token
 * (from the printed URL, then an HttpOnly SameSite=Strict cookie, or an Authorization header for scripts).
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const tokenCookie = 'layerlens_token';

export type GuardVerdict = { ok: true; viaQuery: boolean } | { ok: false; status: 401 | 403; reason: string };

export interface GuardOptions {
  token: string;
  port: number;
}

function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`]);
}

function sameToken(given: string | undefined | null, token: string): boolean {
  if (!given) return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieToken(header: string | undefined): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [name, ...rest] = part.trim().split('=');
    if (name === tokenCookie) return decodeURIComponent(rest.join('='));
  }
  return undefined;
}

export function checkRequest(request: IncomingMessage, options: GuardOptions): GuardVerdict {
  const hosts = allowedHosts(options.port);
  const host = request.headers.host ?? '';
  if (!hosts.has(host)) return { ok: false, status: 403, reason: `Host "${host}" is not allowed.` };
  const origin = request.headers.origin;
  if (origin !== undefined) {
    let originHost: string | undefined;
    try {
      const url = new URL(origin);
      originHost = url.protocol === 'http:' ? url.host : undefined;
    } catch {
      originHost = undefined;
    }
    if (!originHost || !hosts.has(originHost)) {
      return { ok: false, status: 403, reason: `Origin "${origin}" is not allowed.` };
    }
  }
  const url = new URL(request.url ?? '/', 'http://placeholder');
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (sameToken(bearer, options.token) || sameToken(cookieToken(request.headers.cookie), options.token)) {
    return { ok: true, viaQuery: false };
  }
  if (sameToken(url.searchParams.get('token'), options.token)) return { ok: true, viaQuery: true };
  return { ok: false, status: 401, reason: 'Missing or wrong token: open the URL that `layerlens serve` printed.' };
}

export function tokenCookieHeader(token: string): string {
  return `${tokenCookie}=${encodeURIComponent(token)}; HttpOnly; SameSite=Strict; Path=/`;
}

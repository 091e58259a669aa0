/**
 * `layerlens serve` drives a root-equivalent Docker socket, so every request must prove it comes from
 * the user's own browser tab: the right Host (no DNS rebinding), no foreign Origin, and the random token —
 * in the printed URL for the page, then in an `Authorization: Bearer` header (calls) or the query (the
 * event socket). No cookie: a cookie for 127.0.0.1 would also be sent to every other server on another
 * port of this machine. The page and its scripts are public code and need no token.
 */
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export type GuardVerdict = { ok: true } | { ok: false; status: 401 | 403; reason: string };

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

/**
 * Paths anyone on this machine may read: the page and its bundled code hold no secret (a tab reloaded
 * after the token left its address bar still loads, then authorises itself from its own storage).
 * Calls and events are never public.
 */
export function isPublicAsset(pathname: string): boolean {
  return !pathname.startsWith('/api/');
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
  if (isPublicAsset(url.pathname)) return { ok: true };
  const bearer = /^Bearer (.+)$/.exec(request.headers.authorization ?? '')?.[1];
  if (sameToken(bearer, options.token) || sameToken(url.searchParams.get('token'), options.token)) return { ok: true };
  return { ok: false, status: 401, reason: 'Missing or wrong token: open the URL that `layerlens serve` printed.' };
}

/**
 * Registry authentication as the distribution spec and the docker CLI do it: a request without
 * credentials first; a 401's `WWW-Authenticate` says how. `Basic` sends the user and password; `Bearer`
 * (the token dance) asks the realm for a token for the request's scope (`repository:team/app:pull`), with
 * the user's credentials when there are any (or their refresh token), anonymously otherwise, and keeps the
 * token per scope until it expires. Credentials are looked up only once a registry asks for them.
 *
 * No credential, token or Authorization header is ever part of an error message or detail.
 */
import type { IncomingHttpHeaders } from 'node:http';
import { LayerLensError } from '../../shared/errors';
import type { Credential } from './credentials';
import { allowsPlainHttp, readBody, type RegistryOptions, type RegistryTransport } from './transport';
import { parseChallenges, type Challenge } from './www-authenticate';

interface CachedToken {
  value: string;
  expiresAt: number;
}

/** Tokens live at least this long when the realm does not say (the spec's default is 60 s). */
const defaultTokenSeconds = 60;
/** A token is renewed this long before it expires. */
const tokenMarginMs = 10_000;

function basicAuthorization(credential: { username: string; password: string }): string {
  return `Basic ${Buffer.from(`${credential.username}:${credential.password}`, 'utf8').toString('base64')}`;
}

/** `repository:team/app:pull` */
export function repositoryScope(repository: string, actions: string[] = ['pull']): string {
  return `repository:${repository}:${actions.join(',')}`;
}

export class RegistryAuthenticator {
  /** The challenge the registry answered with; undefined until a 401, null when it needs none. */
  private challenge: Challenge | undefined;
  private readonly tokens = new Map<string, CachedToken>();
  private credential: Promise<Credential | undefined> | undefined;

  constructor(
    private readonly transport: RegistryTransport,
    private readonly lookup: () => Promise<Credential | undefined>,
    private readonly options: RegistryOptions = {},
  ) {}

  /** Whether the user has credentials for this registry (looked up once). */
  async hasCredential(): Promise<boolean> {
    return (await this.getCredential()) !== undefined;
  }

  private getCredential(): Promise<Credential | undefined> {
    this.credential ??= this.lookup().catch(() => undefined);
    return this.credential;
  }

  /** The Authorization header for a request under `scope`, when the registry is known to want one. */
  async authorization(scope: string, signal?: AbortSignal): Promise<string | undefined> {
    const challenge = this.challenge;
    if (!challenge) return undefined;
    if (challenge.scheme === 'basic') {
      const credential = await this.getCredential();
      return credential?.kind === 'basic' ? basicAuthorization(credential) : undefined;
    }
    if (challenge.scheme === 'bearer') return `Bearer ${await this.token(challenge, scope, signal)}`;
    return undefined;
  }

  /**
   * A request under `scope` was answered 401: learn the registry's challenge. True when trying again
   * with (new) credentials can help; false when it cannot (same answer to the same credentials).
   */
  async unauthorized(headers: IncomingHttpHeaders, scope: string, sentAuthorization: boolean): Promise<boolean> {
    const challenges = parseChallenges(headers['www-authenticate']);
    const chosen = challenges.find((c) => c.scheme === 'bearer' && c.params.realm) ?? challenges.find((c) => c.scheme === 'basic');
    if (!chosen) return false;
    this.challenge = chosen;
    if (chosen.scheme === 'basic') return !sentAuthorization && (await this.hasCredential());
    // A bearer token may have expired or lack a scope: the next request asks for a fresh one (the client
    // tries again once, so a refusal that stands is said after one more request).
    for (const key of [...this.tokens.keys()]) if (key.endsWith(`|${scope}`)) this.tokens.delete(key);
    return true;
  }

  private async token(challenge: Challenge, scope: string, signal?: AbortSignal): Promise<string> {
    const realm = challenge.params.realm;
    const service = challenge.params.service;
    const key = `${realm}|${service ?? ''}|${scope}`;
    const cached = this.tokens.get(key);
    if (cached && cached.expiresAt - tokenMarginMs > Date.now()) return cached.value;
    const fetched = await this.fetchToken(realm, service, scope, signal);
    this.tokens.set(key, fetched);
    return fetched.value;
  }

  private async fetchToken(realm: string, service: string | undefined, scope: string, signal?: AbortSignal): Promise<CachedToken> {
    const registry = this.transport.registry;
    let url: URL;
    try {
      url = new URL(realm);
    } catch {
      throw new LayerLensError('REGISTRY_ERROR', `The registry ${registry} names a token service that is not a URL.`);
    }
    // Credentials go to a token service over HTTPS only (plain HTTP where the registry itself may use it).
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && allowsPlainHttp(url.host, this.options))) {
      throw new LayerLensError(
        'REGISTRY_ERROR',
        `The registry ${registry} names a token service over plain HTTP (${url.host}); LayerLens sends credentials over HTTPS only.`,
      );
    }
    const credential = await this.getCredential();
    const request = {
      method: 'GET' as 'GET' | 'POST',
      url: '',
      headers: {} as Record<string, string>,
      body: undefined as string | undefined,
      signal,
    };
    if (credential?.kind === 'identity') {
      // OAuth2 with the refresh token `docker login` stored.
      const form = new URLSearchParams({
        grant_type: 'refresh_token',
        refresh_token: credential.token,
        client_id: 'layerlens',
        scope,
        ...(service ? { service } : {}),
      });
      Object.assign(request, {
        method: 'POST',
        url: url.toString(),
        body: form.toString(),
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
    } else {
      if (service) url.searchParams.set('service', service);
      url.searchParams.append('scope', scope);
      if (credential?.kind === 'basic') url.searchParams.set('account', credential.username);
      request.url = url.toString();
      if (credential?.kind === 'basic') request.headers.Authorization = basicAuthorization(credential);
    }
    const response = await this.transport.request(request);
    const status = response.statusCode ?? 0;
    if (status === 401 || status === 403) {
      response.resume();
      throw unauthorizedError(registry, credential !== undefined);
    }
    if (status !== 200) {
      response.resume();
      throw new LayerLensError('REGISTRY_ERROR', `The token service of ${registry} answered ${status}.`);
    }
    const body = await readBody(response, 1024 * 1024, `The token answer of ${registry}`);
    let parsed: { token?: unknown; access_token?: unknown; expires_in?: unknown };
    try {
      parsed = JSON.parse(body.toString('utf8')) as typeof parsed;
    } catch {
      throw new LayerLensError('REGISTRY_ERROR', `The token service of ${registry} answered something that is not JSON.`);
    }
    const value =
      typeof parsed.token === 'string' && parsed.token ? parsed.token : typeof parsed.access_token === 'string' ? parsed.access_token : '';
    if (!value) throw new LayerLensError('REGISTRY_ERROR', `The token service of ${registry} answered without a token.`);
    const seconds = typeof parsed.expires_in === 'number' && parsed.expires_in > 0 ? parsed.expires_in : defaultTokenSeconds;
    return { value, expiresAt: Date.now() + seconds * 1000 };
  }
}

/** UNAUTHORIZED naming the registry and how to log in. */
export function unauthorizedError(registry: string, hadCredential: boolean, what?: string): LayerLensError {
  const login = `docker login ${registry === 'docker.io' ? '' : registry}`.trim();
  const subject = what ? `${what} on ${registry}` : `the registry ${registry}`;
  return hadCredential
    ? new LayerLensError(
        'UNAUTHORIZED',
        `The credentials for ${registry} were refused for ${subject}. Log in again with \`${login}\` (LayerLens uses the docker CLI's credentials), and check the name.`,
      )
    : new LayerLensError(
        'UNAUTHORIZED',
        `Access to ${subject} needs credentials, or the repository does not exist. Log in with \`${login}\` (LayerLens uses the docker CLI's credentials), and check the name.`,
      );
}

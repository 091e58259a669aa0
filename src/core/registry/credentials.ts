/**
 * Registry credentials found as the docker CLI finds them: `config.json` in DOCKER_CONFIG (else ~/.docker),
 * a credential helper for that registry (`credHelpers`), else the default store (`credsStore`), else the
 * base64 `user:password` of `auths`. A helper is run as `docker-credential-<name> get` with the server
 * URL on stdin. Nothing here is printed, logged or written: a credential lives in memory for one call.
 */
import { spawn } from 'node:child_process';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { dockerHub } from './reference';

export type Credential =
  | { kind: 'basic'; username: string; password: string }
  /** An OAuth2 refresh token (`identitytoken`, or a helper's `<token>` user). */
  | { kind: 'identity'; token: string };

export interface CredentialOptions {
  env?: NodeJS.ProcessEnv;
  /** The docker config folder; default DOCKER_CONFIG, else ~/.docker. */
  configDir?: string;
  /** How long a helper may take (it may ask a keychain). */
  helperTimeoutMs?: number;
}

interface DockerConfigFile {
  auths?: Record<string, { auth?: string; username?: string; password?: string; identitytoken?: string } | null>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
}

export function dockerConfigDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.DOCKER_CONFIG || path.join(env.HOME || os.homedir(), '.docker');
}

/** The key the docker CLI files a registry's credentials under ("https://index.docker.io/v1/" for Docker Hub). */
function credentialKey(registry: string): string {
  return registry === dockerHub.name ? dockerHub.credentialKey : registry;
}

/** "https://host:5000/v2/" -> "host:5000", as the docker CLI reads the keys of `auths`. */
function hostOfKey(key: string): string {
  return key.replace(/^https?:\/\//, '').replace(/\/.*$/, '');
}

async function readConfig(dir: string): Promise<DockerConfigFile | undefined> {
  let text: string;
  try {
    text = await fs.readFile(path.join(dir, 'config.json'), 'utf8');
  } catch {
    return undefined;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed && typeof parsed === 'object' ? (parsed as DockerConfigFile) : undefined;
  } catch {
    return undefined;
  }
}

function fromAuths(config: DockerConfigFile, registry: string): Credential | undefined {
  const key = credentialKey(registry);
  const entries = Object.entries(config.auths ?? {});
  const entry = entries.find(([k]) => k === key)?.[1] ?? entries.find(([k]) => hostOfKey(k) === hostOfKey(key))?.[1];
  if (!entry) return undefined;
  if (entry.identitytoken) return { kind: 'identity', token: entry.identitytoken };
  if (entry.auth) {
    const decoded = Buffer.from(entry.auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon > 0) return { kind: 'basic', username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  if (entry.username && entry.password) return { kind: 'basic', username: entry.username, password: entry.password };
  return undefined;
}

const helperName = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Asks `docker-credential-<helper> get` for the server's credentials. Not found (the helper says so, or is
 * not installed) is undefined; the helper's output is never part of an error.
 */
function runCredentialHelper(helper: string, serverUrl: string, options: CredentialOptions = {}): Promise<Credential | undefined> {
  if (!helperName.test(helper)) return Promise.resolve(undefined);
  return new Promise((resolve) => {
    const child = spawn(`docker-credential-${helper}`, ['get'], {
      env: options.env ?? process.env,
      stdio: ['pipe', 'pipe', 'ignore'],
      timeout: options.helperTimeoutMs ?? 30_000,
    });
    const out: Buffer[] = [];
    let size = 0;
    child.stdout.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= 1024 * 1024) out.push(chunk);
    });
    child.on('error', () => resolve(undefined));
    child.on('close', (code) => {
      if (code !== 0) return resolve(undefined);
      try {
        const answer = JSON.parse(Buffer.concat(out).toString('utf8')) as { Username?: unknown; Secret?: unknown };
        const username = typeof answer.Username === 'string' ? answer.Username : '';
        const secret = typeof answer.Secret === 'string' ? answer.Secret : '';
        if (!secret) return resolve(undefined);
        resolve(username === '<token>' ? { kind: 'identity', token: secret } : { kind: 'basic', username, password: secret });
      } catch {
        resolve(undefined);
      }
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(serverUrl);
  });
}

/** The credentials the docker CLI would use for `registry` ("127.0.0.1:5000", "docker.io"); undefined: anonymous. */
export async function findCredentials(registry: string, options: CredentialOptions = {}): Promise<Credential | undefined> {
  const env = options.env ?? process.env;
  const config = await readConfig(options.configDir ?? dockerConfigDir(env));
  if (!config) return undefined;
  const key = credentialKey(registry);
  const helper = config.credHelpers?.[key] ?? config.credHelpers?.[registry] ?? config.credsStore;
  if (helper) {
    const found = await runCredentialHelper(helper, key, { ...options, env });
    if (found) return found;
  }
  return fromAuths(config, registry);
}

/** The Engine API's `X-Registry-Auth` value for these credentials (URL-safe base64 JSON, as the docker CLI sends it). */
export function engineAuthHeader(credential: Credential | undefined, registry: string): string {
  const serveraddress = credentialKey(registry);
  const body =
    credential?.kind === 'basic'
      ? { username: credential.username, password: credential.password, serveraddress }
      : credential?.kind === 'identity'
        ? { identitytoken: credential.token, serveraddress }
        : {};
  // URL-safe with its padding: dockerd 20.10 decodes with Go's base64.URLEncoding, which needs the '='.
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64').replace(/\+/g, '-').replace(/\//g, '_');
}

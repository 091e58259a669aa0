/**
 * A real registry for tests and benchmarks: Debian's `docker-registry` (distribution 2.8) on 127.0.0.1 at a
 * free port, its config, storage and certificates in a temp folder, over plain HTTP or over HTTPS with a
 * CA and server certificate made here (openssl), with or without htpasswd (bcrypt) auth. Images are
 * pushed from the engine with the real tools: `docker push` (dockerd treats 127.0.0.0/8 as insecure, so
 * plain HTTP works; with auth, `docker login` into a temp DOCKER_CONFIG, never the user's), and
 * `skopeo copy` for HTTPS. Its access log (stdout) counts blob downloads. `stop()` ends the registry
 * (only the process it started) and removes the folder and the tags it made.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const registryBinary = process.env.LAYERLENS_REGISTRY_BIN ?? '/usr/bin/docker-registry';

export interface LocalRegistryOptions {
  tls?: boolean;
  auth?: { username: string; password: string };
}

/** The tests need the registry's tools (scripts/test-env.sh installs them): missing ones fail the run, never skip it. */
export function requireLocalRegistryTools(options: LocalRegistryOptions = {}): void {
  const missing = localRegistryMissing(options);
  if (missing)
    throw new Error(
      `the registry tests need ${missing}, which is not installed: run \`bash scripts/test-env.sh\` (it installs every system package the suite needs)`,
    );
}

/** Whether the registry binary and the tools the helper needs are there (tests skip loudly otherwise). */
export function localRegistryMissing(options: LocalRegistryOptions = {}): string | undefined {
  const has = (tool: string) => {
    try {
      fs.accessSync(tool, fs.constants.X_OK);
      return true;
    } catch {
      return (process.env.PATH ?? '').split(path.delimiter).some((dir) => fs.existsSync(path.join(dir, tool)));
    }
  };
  if (!has(registryBinary)) return `${registryBinary} (Debian's docker-registry)`;
  if (options.tls && !has('openssl')) return 'openssl';
  if (options.tls && !has('skopeo')) return 'skopeo';
  if (options.auth && !has('htpasswd')) return 'htpasswd (apache2-utils)';
  return undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function makeCertificates(dir: string): Promise<{ ca: string; cert: string; key: string }> {
  const ca = path.join(dir, 'ca.crt');
  const caKey = path.join(dir, 'ca.key');
  const key = path.join(dir, 'server.key');
  const csr = path.join(dir, 'server.csr');
  const cert = path.join(dir, 'server.crt');
  const ext = path.join(dir, 'server.ext');
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  await run('openssl', [
    'req',
    '-x509',
    ...ec,
    '-keyout',
    caKey,
    '-out',
    ca,
    '-days',
    '2',
    '-subj',
    '/CN=LayerLens test CA',
    '-addext',
    'basicConstraints=critical,CA:TRUE',
    '-addext',
    'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  await run('openssl', ['req', ...ec, '-keyout', key, '-out', csr, '-subj', '/CN=127.0.0.1']);
  fs.writeFileSync(ext, 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
  await run('openssl', ['x509', '-req', '-in', csr, '-CA', ca, '-CAkey', caKey, '-CAcreateserial', '-out', cert, '-days', '2', '-extfile', ext]);
  return { ca, cert, key };
}

export class LocalRegistry {
  /** "127.0.0.1:PORT" */
  readonly host: string;
  /** Access log lines (the registry's stdout). */
  readonly accessLog: string[] = [];
  /** A certs.d-layout folder trusting this registry's CA (HTTPS only): `<dir>/127.0.0.1:PORT/ca.crt`. */
  readonly certsDir?: string;
  /** The CA certificate (HTTPS only). */
  readonly caFile?: string;
  /** A docker config folder holding this registry's credentials (auth only), as `docker login` wrote it. */
  readonly dockerConfigDir?: string;
  private readonly tags = new Set<string>();
  private stderr = '';

  private constructor(
    readonly dir: string,
    readonly port: number,
    readonly options: LocalRegistryOptions,
    private readonly child: ChildProcess,
    extra: { certsDir?: string; caFile?: string; dockerConfigDir?: string },
  ) {
    this.host = `127.0.0.1:${port}`;
    Object.assign(this, extra);
    child.stdout?.setEncoding('utf8').on('data', (text: string) => this.accessLog.push(...text.split('\n').filter(Boolean)));
    child.stderr?.setEncoding('utf8').on('data', (text: string) => {
      this.stderr = (this.stderr + text).slice(-8000);
    });
  }

  static async start(options: LocalRegistryOptions = {}): Promise<LocalRegistry> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-registry-'));
    const port = await freePort();
    const host = `127.0.0.1:${port}`;
    const lines = [
      'version: 0.1',
      'log:',
      '  level: error',
      '  accesslog:',
      '    disabled: false',
      'storage:',
      '  filesystem:',
      `    rootdirectory: ${path.join(dir, 'data')}`,
      '  delete:',
      '    enabled: true',
      'http:',
      `  addr: ${host}`,
      '  secret: layerlens-test-secret',
    ];
    const extra: { certsDir?: string; caFile?: string; dockerConfigDir?: string } = {};
    if (options.tls) {
      const certs = await makeCertificates(dir);
      lines.push('  tls:', `    certificate: ${certs.cert}`, `    key: ${certs.key}`);
      extra.caFile = certs.ca;
      extra.certsDir = path.join(dir, 'certs.d');
      fs.mkdirSync(path.join(extra.certsDir, host), { recursive: true });
      fs.copyFileSync(certs.ca, path.join(extra.certsDir, host, 'ca.crt'));
    }
    if (options.auth) {
      const { stdout } = await run('htpasswd', ['-Bbn', options.auth.username, options.auth.password]);
      fs.writeFileSync(path.join(dir, 'htpasswd'), stdout);
      lines.push('auth:', '  htpasswd:', '    realm: layerlens-test', `    path: ${path.join(dir, 'htpasswd')}`);
      extra.dockerConfigDir = path.join(dir, 'docker-config');
      fs.mkdirSync(extra.dockerConfigDir);
    }
    fs.writeFileSync(path.join(dir, 'config.yml'), `${lines.join('\n')}\n`);
    const child = spawn(registryBinary, ['serve', path.join(dir, 'config.yml')], { stdio: ['ignore', 'pipe', 'pipe'] });
    const registry = new LocalRegistry(dir, port, options, child, extra);
    await registry.waitReady();
    if (options.auth) {
      // As a user would: `docker login`, into this registry's own docker config folder (the user's stays as it is).
      await registry.dockerWithConfig(['login', '-u', options.auth.username, '--password-stdin', host], options.auth.password);
    }
    return registry;
  }

  private async waitReady(): Promise<void> {
    const deadline = Date.now() + 15_000;
    const url = `${this.options.tls ? 'https' : 'http'}://${this.host}/v2/`;
    for (;;) {
      if (this.child.exitCode !== null) throw new Error(`docker-registry exited: ${this.stderr}`);
      const status = await new Promise<number>((resolve) => {
        const get = this.options.tls ? https.get : http.get;
        const req = get(url, this.options.tls ? { ca: fs.readFileSync(this.caFile!) } : {}, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on('error', () => resolve(0));
      });
      if (status === 200 || status === 401) return;
      if (Date.now() > deadline) throw new Error(`docker-registry did not answer on ${url}: ${this.stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  private async dockerWithConfig(args: string[], stdin?: string): Promise<string> {
    const env = this.dockerConfigDir ? { ...process.env, DOCKER_CONFIG: this.dockerConfigDir } : process.env;
    return new Promise((resolve, reject) => {
      const child = execFile('docker', args, { env, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
        if (error) reject(new Error(`docker ${args[0]} failed: ${stderr}`));
        else resolve(stdout);
      });
      child.stdin?.end(stdin ?? '');
    });
  }

  /** `127.0.0.1:PORT/<repository>:<tag>` */
  ref(repositoryAndTag: string): string {
    return `${this.host}/${repositoryAndTag}`;
  }

  /**
   * Pushes a local image as `<repository>:<tag>` and returns the full reference. Plain HTTP: `docker tag` +
   * `docker push` (the tag is removed again at once; only ours). HTTPS: `skopeo copy` from the engine,
   * trusting the test CA.
   */
  async push(localImage: string, repositoryAndTag: string): Promise<string> {
    const target = this.ref(repositoryAndTag);
    if (this.options.tls) {
      const creds = this.options.auth ? ['--dest-creds', `${this.options.auth.username}:${this.options.auth.password}`] : [];
      await run(
        'skopeo',
        ['copy', '--quiet', '--dest-cert-dir', path.join(this.certsDir!, this.host), ...creds, `docker-daemon:${localImage}`, `docker://${target}`],
        { maxBuffer: 16 * 1024 * 1024 },
      );
      return target;
    }
    await run('docker', ['tag', localImage, target]);
    this.tags.add(target);
    try {
      await this.dockerWithConfig(['push', '--quiet', target]);
    } finally {
      await run('docker', ['rmi', target]).catch(() => undefined);
      this.tags.delete(target);
    }
    return target;
  }

  /** Remembers a tag a test made in the engine for this registry, so that `stop` removes it. */
  ownTag(tag: string): void {
    this.tags.add(tag);
  }

  /** Digests of the blobs downloaded (GET answered 200), in order, since `mark` (an index into the log). */
  blobDownloads(since = 0): string[] {
    return this.accessLog
      .slice(since)
      .map((line) => /"GET \/v2\/[^ ]+\/blobs\/(sha256:[0-9a-f]{64}) HTTP\/[0-9.]+" 200 /.exec(line)?.[1])
      .filter((d): d is string => d !== undefined);
  }

  /** The registry's HTTP API, for what the tools cannot do (an index put by hand). Plain HTTP only. */
  async api(
    method: string,
    pathname: string,
    body?: { type: string; data: string },
  ): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
    const auth = this.options.auth
      ? { Authorization: `Basic ${Buffer.from(`${this.options.auth.username}:${this.options.auth.password}`).toString('base64')}` }
      : {};
    const get = this.options.tls ? https.request : http.request;
    return new Promise((resolve, reject) => {
      const req = get(
        `${this.options.tls ? 'https' : 'http'}://${this.host}${pathname}`,
        {
          method,
          headers: {
            ...auth,
            ...(body ? { 'Content-Type': body.type } : {}),
            Accept:
              'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json, application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json',
          },
          ...(this.options.tls ? { ca: fs.readFileSync(this.caFile!) } : {}),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        },
      );
      req.on('error', reject);
      req.end(body?.data);
    });
  }

  async stop(): Promise<void> {
    for (const tag of this.tags) await run('docker', ['rmi', tag]).catch(() => undefined);
    this.tags.clear();
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve));
      this.child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      if (this.child.exitCode === null) this.child.kill('SIGKILL');
    }
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

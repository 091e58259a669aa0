/**
 * The LayerLens command line: `npm run --silent layerlens -- <command>`. Data goes to stdout, errors to
 * stderr; exit 0 ok, 1 usage, 2 engine unreachable, 3 other failure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { createLayerLensCore, type LayerLensCore } from '../core/api/layerlens-core';
import { appVersion } from '../core/api/version';
import { LayerLensError, toErrorData } from '../shared/errors';
import { startServer } from '../server/serve';
import { exitCodeFor, exitCodes } from './exit-codes';
import { imagesText, infoText } from './output';

const help = `LayerLens ${appVersion} — where every byte of a Docker image comes from.

Usage: npm run --silent layerlens -- <command> [options]

Commands:
  info [--json]            the engine LayerLens talks to: name, version, API version, OS/arch
  images [--json]          images in the engine with their sizes, and the disk they use in all
  serve [--port N]         the LayerLens UI in a browser, on 127.0.0.1 with a one-time token

Options:
  --host URL               engine to use (unix:///path, tcp://host:2376, ssh://user@host);
                           default: DOCKER_HOST, the Docker context, then the usual sockets
  --json                   machine-readable output
  -h, --help               this help
  -v, --version            the LayerLens version

Exit codes: 0 ok, 1 usage error, 2 engine unreachable, 3 other failure.`;

class UsageError extends Error {}

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

function parse(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        json: { type: 'boolean', default: false },
        port: { type: 'string' },
        host: { type: 'string' },
        help: { type: 'boolean', short: 'h', default: false },
        version: { type: 'boolean', short: 'v', default: false },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, not "${text}".`);
  return port;
}

async function oneShot<T>(host: string | undefined, work: (core: LayerLensCore) => Promise<T>): Promise<T> {
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false, engineHost: host });
  try {
    return await work(core);
  } finally {
    core.close();
  }
}

/** The LayerLens checkout this file runs from (source or built), found by walking up to its package.json. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

async function serve(port: number, host: string | undefined, io: Io): Promise<number> {
  const core = createLayerLensCore({ frontDoor: 'serve', watch: true, engineHost: host });
  const rendererDir = process.env.LAYERLENS_RENDERER_DIR ?? path.join(packageRoot(), 'out', 'renderer');
  const server = await startServer({ api: core, rendererDir, port });
  const status = await core.start();
  io.out(`LayerLens is serving on ${server.url}`);
  io.out(`Engine: ${status.state === 'connected' ? `${status.engine?.name} ${status.engine?.version}` : status.error?.message}`);
  io.out('Open that URL in a browser (the token in it is required). Ctrl+C stops.');
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await server.close();
  core.close();
  return exitCodes.ok;
}

export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const { values, positionals } = parse(argv);
    const [command, ...rest] = positionals;
    if (values.version) {
      io.out(appVersion);
      return exitCodes.ok;
    }
    if (values.help || command === undefined || command === 'help') {
      (command === undefined && !values.help ? io.err : io.out)(help);
      return command === undefined && !values.help ? exitCodes.usage : exitCodes.ok;
    }
    if (rest.length > 0) throw new UsageError(`Unexpected argument "${rest[0]}" for ${command}.`);
    switch (command) {
      case 'info': {
        const status = await oneShot(values.host, (core) => core.getConnection());
        if (values.json) io.out(JSON.stringify({ version: appVersion, ...status }, null, 2));
        else io.out(infoText(status, appVersion));
        if (status.state !== 'connected' && status.error) {
          io.err(`error: ${status.error.message}`);
          return exitCodeFor(status.error.code);
        }
        return exitCodes.ok;
      }
      case 'images': {
        const list = await oneShot(values.host, (core) => core.listImages());
        io.out(values.json ? JSON.stringify(list, null, 2) : imagesText(list));
        return exitCodes.ok;
      }
      case 'serve':
        return await serve(parsePort(values.port), values.host, io);
      default:
        throw new UsageError(`Unknown command "${command}". Run with --help for the list.`);
    }
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return exitCodes.usage;
    }
    const data = toErrorData(error);
    io.err(`error: ${data.message}${data.detail && data.code === 'INTERNAL' ? ` (${data.detail})` : ''}`);
    return error instanceof LayerLensError || data.code !== 'INTERNAL' ? exitCodeFor(data.code) : exitCodes.failure;
  }
}


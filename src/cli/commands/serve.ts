import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createLayerLensCore } from '../../core/api/layerlens-core';
import { startServer } from '../../server/serve';
import { exitCodes } from '../exit-codes';
import { useChromiumForReports } from './report';
import { stringOption, UsageError, type Command } from '../command';

/** The LayerLens checkout this file runs from (source or built), found by walking up to its package.json. */
function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!fs.existsSync(path.join(dir, 'package.json')) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, not "${text}".`);
  return port;
}

export const serveCommand: Command = {
  name: 'serve',
  usage: 'serve [--port N]',
  summary: 'the LayerLens UI in a browser, on 127.0.0.1 with a one-time token',
  options: { port: { type: 'string' } },
  async run({ values, io }) {
    const port = parsePort(stringOption(values, 'port'));
    const core = createLayerLensCore({ frontDoor: 'serve', watch: true, engineHost: stringOption(values, 'host') });
    const rendererDir = process.env.LAYERLENS_RENDERER_DIR ?? path.join(packageRoot(), 'out', 'renderer');
    const server = await startServer({ api: core, rendererDir, port });
    // PDF reports from the browser are printed by a headless Chromium on this machine.
    useChromiumForReports(core, server);
    const status = await core.start();
    io.out(`LayerLens is serving on ${server.url}`);
    io.out(
      `Engine: ${status.state === 'connected' ? `${status.engine?.name} ${status.engine?.version}` : status.error?.message}`,
    );
    io.out('Open that URL in a browser (the token in it is required). Ctrl+C stops.');
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    core.close();
    return exitCodes.ok;
  },
};

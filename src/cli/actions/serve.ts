import { createLayerLensCore } from '../../core/api/layerlens-core';
import { startServer, type RunningServer } from '../../server/serve';
import { stringOption, UsageError, type CommandAction } from '../command';
import { exitCodes } from '../exit-codes';
import { chromiumReportPrinter, rendererDir } from '../report-printing';

function parsePort(text: string | undefined): number {
  if (text === undefined) return 0;
  const port = Number(text);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port must be 0–65535, not "${text}".`);
  return port;
}

export const run: CommandAction = async ({ values, io }) => {
  const port = parsePort(stringOption(values, 'port'));
  // PDF reports from the browser are printed by a headless Chromium on this machine, from this server
  // (which serves the core, so it starts after it).
  const served: { server?: RunningServer } = {};
  const host = { printPdf: chromiumReportPrinter(() => served.server) };
  const core = createLayerLensCore({ frontDoor: 'serve', watch: true, engineHost: stringOption(values, 'host'), host });
  const server = await startServer({ api: core, rendererDir: rendererDir(), port });
  served.server = server;
  const status = await core.start();
  io.out(`LayerLens is serving on ${server.url}`);
  io.out(`Engine: ${status.state === 'connected' ? `${status.engine?.name} ${status.engine?.version}` : status.error?.message}`);
  io.out('Open that URL in a browser (the token in it is required). Ctrl+C stops.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  core.close();
  return exitCodes.ok;
};

import { appVersion } from '../../core/api/version';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { infoText } from '../output';
import { withCore, type Command } from '../command';

export const infoCommand: Command = {
  name: 'info',
  usage: 'info [--json]',
  summary: 'the engine LayerLens talks to: name, version, API version, OS/arch',
  async run({ values, io }) {
    const status = await withCore(values, (core) => core.getConnection());
    io.out(values.json ? JSON.stringify({ version: appVersion, ...status }, null, 2) : infoText(status, appVersion));
    if (status.state !== 'connected' && status.error) {
      io.err(`error: ${status.error.message}`);
      return exitCodeFor(status.error.code);
    }
    return exitCodes.ok;
  },
};

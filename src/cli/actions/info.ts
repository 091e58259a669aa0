import { appVersion } from '../../core/api/version';
import type { CommandAction } from '../command';
import { exitCodeFor, exitCodes } from '../exit-codes';
import { infoText } from '../output';
import { withCore } from '../with-core';

export const run: CommandAction = async ({ values, io }) => {
  const status = await withCore(values, (core) => core.getConnection());
  io.out(values.json ? JSON.stringify({ version: appVersion, ...status }, null, 2) : infoText(status, appVersion));
  if (status.state !== 'connected' && status.error) {
    io.err(`error: ${status.error.message}`);
    return exitCodeFor(status.error.code);
  }
  return exitCodes.ok;
};

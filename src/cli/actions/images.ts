import type { CommandAction } from '../command';
import { exitCodes } from '../exit-codes';
import { imagesText } from '../output';
import { withCore } from '../with-core';

export const run: CommandAction = async ({ values, io }) => {
  const list = await withCore(values, (core) => core.listImages());
  io.out(values.json ? JSON.stringify(list, null, 2) : imagesText(list));
  return exitCodes.ok;
};

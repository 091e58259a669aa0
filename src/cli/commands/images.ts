import { exitCodes } from '../exit-codes';
import { imagesText } from '../output';
import { withCore, type Command } from '../command';

export const imagesCommand: Command = {
  name: 'images',
  usage: 'images [--json]',
  summary: 'images in the engine with their sizes, and the disk they use in all',
  async run({ values, io }) {
    const list = await withCore(values, (core) => core.listImages());
    io.out(values.json ? JSON.stringify(list, null, 2) : imagesText(list));
    return exitCodes.ok;
  },
};

/** Every `layerlens` command, in the order --help lists them. */
import type { Command } from '../command';
import { imagesCommand } from './images';
import { infoCommand } from './info';
import { serveCommand } from './serve';

export const commands: Command[] = [infoCommand, imagesCommand, serveCommand];

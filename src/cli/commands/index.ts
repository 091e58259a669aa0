/** Every `layerlens` command, in the order --help lists them. */
import type { Command } from '../command';
import { imagesCommand } from './images';
import { infoCommand } from './info';
import { optimizeCommand } from './optimize';
import { inspectCommand } from './inspect';
import { serveCommand } from './serve';
import { reportCommand } from './report';
import { ciCommand } from './ci';

export const commands: Command[] = [infoCommand, imagesCommand, inspectCommand, optimizeCommand, serveCommand, reportCommand, ciCommand];

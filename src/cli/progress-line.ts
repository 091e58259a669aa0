/** A one-line progress meter for long commands on a terminal; silent when stderr is a pipe or a file. */
import { formatBytes } from '../shared/format';
import { terminalSafe } from './output';

export interface ProgressLine {
  update(phase: string, done: number, total?: number): void;
  done(): void;
}

export function progressLine(stream: NodeJS.WriteStream = process.stderr): ProgressLine {
  if (!stream.isTTY) return { update: () => undefined, done: () => undefined };
  return {
    update: (phase, done, total) => {
      const amount = phase.endsWith('read') ? ` ${formatBytes(done)}${total ? ` of ~${formatBytes(total)}` : ''}` : '';
      stream.write(`\r\x1b[2K${terminalSafe(phase)}${amount}`);
    },
    done: () => stream.write('\r\x1b[2K'),
  };
}

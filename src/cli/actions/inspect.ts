import { stringOption, type CommandAction } from '../command';
import { exitCodes } from '../exit-codes';
import { inspectText } from '../inspect-output';
import { progressLine } from '../progress-line';
import { sourceKindOption, sourceOf } from '../source-arg';
import { withCore } from '../with-core';

export const run: CommandAction = async ({ values, positionals, io }) => {
  const source = sourceOf(positionals[0], sourceKindOption(values));
  const meter = progressLine();
  const analysis = await withCore(values, (core) => {
    core.on('progress', (p) => meter.update(p.phase, p.done, p.total));
    return core.analyzeImage(source, { platform: stringOption(values, 'platform') }).finally(meter.done);
  });
  io.out(values.json ? JSON.stringify(analysis, null, 2) : inspectText(analysis));
  return exitCodes.ok;
};

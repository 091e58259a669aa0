import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisSource } from '../../shared/analysis';
import { exitCodes } from '../exit-codes';
import { inspectText } from '../inspect-output';
import { stringOption, UsageError, withCore, type Command } from '../command';
import { progressLine } from '../progress-line';

const looksLikePath = /^(\.{0,2}\/|~)|\.(tar|tgz|tar\.gz)$/;

/** A folder is an OCI layout, a file an image archive, anything else an image in the engine. */
export function sourceOf(target: string): AnalysisSource {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return { kind: 'oci-dir', ref: path.resolve(target) };
  if (stat?.isFile()) return { kind: 'archive', ref: path.resolve(target) };
  if (looksLikePath.test(target)) throw new UsageError(`No file or folder at "${target}".`);
  return { kind: 'engine', ref: target };
}


export const inspectCommand: Command = {
  name: 'inspect',
  usage: 'inspect <image|archive.tar|oci-dir> [--json] [--platform P]',
  summary: 'every byte of an image explained: layers, waste, efficiency, findings, attack surface',
  options: { platform: { type: 'string' } },
  positionals: { min: 1, max: 1, names: 'an image name, an archive file or an OCI layout folder' },
  async run({ values, positionals, io }) {
    const source = sourceOf(positionals[0]);
    const meter = progressLine();
    const analysis = await withCore(values, (core) => {
      core.on('progress', (p) => meter.update(p.phase, p.done, p.total));
      return core.analyzeImage(source, { platform: stringOption(values, 'platform') }).finally(meter.done);
    });
    io.out(values.json ? JSON.stringify(analysis, null, 2) : inspectText(analysis));
    return exitCodes.ok;
  },
};

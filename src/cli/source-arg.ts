/** What an image argument names: a folder is an OCI layout, a file an image archive, else an engine image. */
import fs from 'node:fs';
import path from 'node:path';
import type { AnalysisSource } from '../shared/analysis';
import { UsageError } from './command';

const looksLikePath = /^(\.{0,2}\/|~)|\.(tar|tgz|tar\.gz)$/;

export function sourceOf(target: string): AnalysisSource {
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return { kind: 'oci-dir', ref: path.resolve(target) };
  if (stat?.isFile()) return { kind: 'archive', ref: path.resolve(target) };
  if (looksLikePath.test(target)) throw new UsageError(`No file or folder at "${target}".`);
  return { kind: 'engine', ref: target };
}

/**
 * What an image argument names: a folder is an OCI layout, a file an image archive, else an engine image.
 * A registry image is named explicitly, so that a name is never taken for a local image by accident:
 * `registry://REGISTRY/REPO:TAG`, or `--source registry` (which also forces any other kind).
 */
import fs from 'node:fs';
import path from 'node:path';
import { analysisSourceKinds, type AnalysisSource, type AnalysisSourceKind } from '../shared/analysis';
import { UsageError, stringOption, type OptionValues } from './command';

const looksLikePath = /^(\.{0,2}\/|~)|\.(tar|tgz|tar\.gz)$/;
const registryPrefix = 'registry://';

export function sourceOf(target: string, kind?: AnalysisSourceKind): AnalysisSource {
  if (target.startsWith(registryPrefix)) {
    if (kind && kind !== 'registry') throw new UsageError(`"${target}" names a registry image, not a source of kind ${kind}.`);
    const ref = target.slice(registryPrefix.length);
    if (ref === '') throw new UsageError('Name the image after registry://, as REGISTRY/REPO:TAG.');
    return { kind: 'registry', ref };
  }
  if (kind === 'registry' || kind === 'engine') return { kind, ref: target };
  if (kind === 'archive' || kind === 'oci-dir') return { kind, ref: path.resolve(target) };
  const stat = fs.statSync(target, { throwIfNoEntry: false });
  if (stat?.isDirectory()) return { kind: 'oci-dir', ref: path.resolve(target) };
  if (stat?.isFile()) return { kind: 'archive', ref: path.resolve(target) };
  if (looksLikePath.test(target)) throw new UsageError(`No file or folder at "${target}".`);
  return { kind: 'engine', ref: target };
}

/** The `--source` flag's kind, checked; undefined: told from the argument. */
export function sourceKindOption(values: OptionValues): AnalysisSourceKind | undefined {
  const text = stringOption(values, 'source');
  if (text === undefined) return undefined;
  const kind = analysisSourceKinds.find((k) => k === text);
  if (!kind) throw new UsageError(`--source is one of ${analysisSourceKinds.join(', ')}, not "${text}".`);
  return kind;
}

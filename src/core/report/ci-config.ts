/**
 * The CI gate's config: LayerLens's YAML (`.layerlens-ci.yaml`) and dive's `.dive-ci`. LayerLens's format is
 * a superset of dive's: a `rules:` map whose keys are the camelCase names (dive's legacy `.dive-ci` keys)
 * or their snake-case forms (dive's newer config keys). Rules the file does not name keep their defaults
 * (dive's defaults for dive's rules, as dive does; disabled for the others). Unknown keys are reported.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { LayerLensError } from '../../shared/errors';
import { ciRuleDefinitions, makeRule, type CiRule } from './ci-rules';

export interface CiConfig {
  rules: CiRule[];
  /** Where the rules came from: a file path, or "dive's default rules". */
  origin: string;
  /** Keys that were ignored, and other notes worth printing. */
  warnings: string[];
}

/** With no --config: these files in the current directory, first found wins (dive reads `.dive-ci`). */
export const defaultConfigFiles = ['.layerlens-ci.yaml', '.layerlens-ci.yml', '.dive-ci'];

export function parseCiConfig(text: string, origin: string): CiConfig {
  let document: unknown;
  try {
    document = parse(text);
  } catch (error) {
    throw new LayerLensError('INVALID_ARGUMENT', `${origin} is not valid YAML: ${(error as Error).message}`);
  }
  if (document === null || document === undefined) document = {};
  if (typeof document !== 'object' || Array.isArray(document)) {
    throw new LayerLensError('INVALID_ARGUMENT', `${origin} must be a YAML map with a "rules:" map.`);
  }
  const top = document as Record<string, unknown>;
  const warnings: string[] = [];
  const rulesValue = top.rules ?? {};
  if (typeof rulesValue !== 'object' || rulesValue === null || Array.isArray(rulesValue)) {
    throw new LayerLensError('INVALID_ARGUMENT', `"rules" in ${origin} must be a map of rule names to values.`);
  }
  const given = rulesValue as Record<string, unknown>;
  for (const key of Object.keys(top)) {
    if (key !== 'rules') warnings.push(`${origin}: ignored "${key}" (only "rules" is read)`);
  }
  const known = new Set(ciRuleDefinitions.flatMap((d) => [d.key, d.alias]));
  for (const key of Object.keys(given)) {
    if (!known.has(key)) warnings.push(`${origin}: ignored unknown rule "${key}"`);
  }
  const rules = ciRuleDefinitions.map((d) => {
    const raw = d.key in given ? given[d.key] : given[d.alias];
    try {
      return makeRule(d.key, raw);
    } catch (error) {
      throw new LayerLensError('INVALID_ARGUMENT', `${origin}: ${(error as Error).message}`);
    }
  });
  return { rules, origin, warnings };
}

export function defaultCiConfig(): CiConfig {
  return { rules: ciRuleDefinitions.map((d) => makeRule(d.key, undefined)), origin: "dive's default rules", warnings: [] };
}

/** `--config FILE`, else the first default file in `cwd`, else dive's defaults. */
export function loadCiConfig(configPath: string | undefined, cwd: string = process.cwd()): CiConfig {
  const file = configPath ?? defaultConfigFiles.map((name) => path.join(cwd, name)).find((f) => fs.existsSync(f));
  if (!file) return defaultCiConfig();
  let text: string;
  try {
    text = fs.readFileSync(path.resolve(cwd, file), 'utf8');
  } catch (error) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `Cannot read the CI config ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}.`,
    );
  }
  return parseCiConfig(text, configPath ?? path.basename(file));
}

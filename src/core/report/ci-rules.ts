/**
 * The CI size gate. Rules are plain data (as in dive's `ci/rules.go`): a key, how its value is read, what it
 * measures and when it fails. dive's three rules keep dive's semantics, so a `.dive-ci` file gives the same
 * verdict here as in `dive --ci`; LayerLens adds true waste, image size, layer count, forbidden findings
 * and "runs as root".
 */
import { findingCategories, type FindingCategory, type ImageAnalysis } from '../../shared/analysis';
import { LayerLensError } from '../../shared/errors';
import { formatBytes, formatPercent } from '../../shared/format';

export type CiStatus = 'PASS' | 'FAIL' | 'SKIP';

export type CiRuleKey =
  | 'lowestEfficiency'
  | 'highestWastedBytes'
  | 'highestUserWastedPercent'
  | 'highestTrueWasteBytes'
  | 'maxImageSize'
  | 'maxLayers'
  | 'forbiddenFindings'
  | 'runsAsRoot';

type ValueKind = 'ratio' | 'bytes' | 'count' | 'categories' | 'flag';

interface RuleDefinition {
  key: CiRuleKey;
  /** dive's snake-case spelling (and ours), accepted beside the camelCase key. */
  alias: string;
  kind: ValueKind;
  /** The value when the config does not name the rule ("disabled" for every rule dive does not have). */
  defaultValue: string;
  description: string;
}

/** Every rule, in the order they are evaluated and printed. dive's defaults: 0.9, disabled, 0.1. */
export const ciRuleDefinitions: readonly RuleDefinition[] = [
  { key: 'lowestEfficiency', alias: 'lowest-efficiency', kind: 'ratio', defaultValue: '0.9', description: 'lowest allowed efficiency (dive), 0..1' },
  {
    key: 'highestWastedBytes',
    alias: 'highest-wasted-bytes',
    kind: 'bytes',
    defaultValue: 'disabled',
    description: 'highest allowed wasted bytes as dive counts them (e.g. 20MB)',
  },
  {
    key: 'highestUserWastedPercent',
    alias: 'highest-user-wasted-percent',
    kind: 'ratio',
    defaultValue: '0.1',
    description: 'highest allowed wasted bytes relative to the bytes the build added (dive), 0..1',
  },
  {
    key: 'highestTrueWasteBytes',
    alias: 'highest-true-waste-bytes',
    kind: 'bytes',
    defaultValue: 'disabled',
    description: 'highest allowed true waste: bytes stored but not visible, counted once',
  },
  { key: 'maxImageSize', alias: 'max-image-size', kind: 'bytes', defaultValue: 'disabled', description: 'largest allowed image size' },
  { key: 'maxLayers', alias: 'max-layers', kind: 'count', defaultValue: 'disabled', description: 'most layers allowed' },
  {
    key: 'forbiddenFindings',
    alias: 'forbidden-findings',
    kind: 'categories',
    defaultValue: 'disabled',
    description: `finding categories that fail the gate: ${findingCategories.join(', ')}`,
  },
  { key: 'runsAsRoot', alias: 'runs-as-root', kind: 'flag', defaultValue: 'disabled', description: '"forbid" fails an image whose user is root' },
];

/** A configured rule: its key, the value as written, and the parsed threshold. */
export interface CiRule {
  key: CiRuleKey;
  /** As written in the config ("0.9", "20MB", "disabled", "dev-dependencies, vcs-directory"). */
  configured: string;
  disabled: boolean;
  threshold?: number;
  categories?: FindingCategory[];
}

export interface CiRuleResult {
  key: CiRuleKey;
  status: CiStatus;
  configured: string;
  /** The measured figure, as printed ("48.35 %", "32 kB (32025 bytes)", "14"). */
  figure: string;
  /** Why it failed, or what the threshold was. */
  message: string;
}

export interface CiEvaluation {
  passed: boolean;
  results: CiRuleResult[];
  tally: { pass: number; fail: number; skip: number };
}

export function isDisabledValue(value: string): boolean {
  const v = value.trim().toLowerCase();
  return v === '' || v === 'disabled' || v === 'off' || v === 'false';
}

const byteUnits: Record<string, number> = {
  '': 1,
  b: 1,
  byte: 1,
  bytes: 1,
  k: 1e3,
  kb: 1e3,
  ki: 1024,
  kib: 1024,
  m: 1e6,
  mb: 1e6,
  mi: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1e9,
  gb: 1e9,
  gi: 1024 ** 3,
  gib: 1024 ** 3,
  t: 1e12,
  tb: 1e12,
  ti: 1024 ** 4,
  tib: 1024 ** 4,
  p: 1e15,
  pb: 1e15,
  pi: 1024 ** 5,
  pib: 1024 ** 5,
};

/** Bytes as go-humanize's ParseBytes reads them (dive's parser): "20MB", "19Mb", "1.5 GiB", "1,000 kB", "4096". */
export function parseBytes(text: string): number {
  const match = /^\s*([0-9][0-9,]*(?:\.[0-9]*)?|\.[0-9]+)\s*([A-Za-z]*)\s*$/.exec(text);
  const unit = match ? byteUnits[match[2].toLowerCase()] : undefined;
  if (!match || unit === undefined) throw new Error(`"${text}" is not a size (use e.g. 20MB, 1.5GiB or a number of bytes)`);
  return Math.floor(Number(match[1].replace(/,/g, '')) * unit);
}

function parseRatio(text: string): number {
  const value = Number(text.trim());
  if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`"${text}" is not a number`);
  if (value < 0 || value > 1) throw new Error(`${text} is outside the allowed range (0-1)`);
  return value;
}

function parseCount(text: string): number {
  const value = Number(text.trim());
  if (!Number.isInteger(value) || value < 0) throw new Error(`"${text}" is not a whole number`);
  return value;
}

/** Turns a config value (YAML scalar, list or missing) into the rule. */
export function makeRule(key: CiRuleKey, raw: unknown): CiRule {
  const definition = ciRuleDefinitions.find((d) => d.key === key)!;
  const text =
    raw === undefined
      ? definition.defaultValue
      : raw === null || raw === false
        ? 'disabled'
        : raw === true
          ? definition.kind === 'flag'
            ? 'forbid'
            : 'true'
          : Array.isArray(raw)
            ? raw.map(String).join(', ')
            : String(raw);
  if (isDisabledValue(text) || (definition.kind === 'flag' && text.trim().toLowerCase() === 'allow')) {
    return { key, configured: text.trim() || 'disabled', disabled: true };
  }
  try {
    switch (definition.kind) {
      case 'ratio':
        return { key, configured: text, disabled: false, threshold: parseRatio(text) };
      case 'bytes':
        return { key, configured: text, disabled: false, threshold: parseBytes(text) };
      case 'count':
        return { key, configured: text, disabled: false, threshold: parseCount(text) };
      case 'categories': {
        const names = text.split(/[,\s]+/).filter((n) => n !== '');
        const unknown = names.filter((n) => !(findingCategories as readonly string[]).includes(n));
        if (unknown.length > 0)
          throw new Error(
            `unknown finding categor${unknown.length === 1 ? 'y' : 'ies'} ${unknown.join(', ')} (known: ${findingCategories.join(', ')})`,
          );
        return { key, configured: names.join(', '), disabled: false, categories: names as FindingCategory[] };
      }
      case 'flag':
        if (!['forbid', 'fail', 'true', 'yes', 'error'].includes(text.trim().toLowerCase()))
          throw new Error(`"${text}" is neither "forbid" nor "allow"`);
        return { key, configured: 'forbid', disabled: false };
    }
  } catch (error) {
    throw new LayerLensError('INVALID_ARGUMENT', `Invalid ${key} value: ${(error as Error).message}.`);
  }
}

/** dive's default rules, plus every LayerLens rule disabled. */
export function defaultCiRules(): CiRule[] {
  return ciRuleDefinitions.map((d) => makeRule(d.key, undefined));
}

const ratioText = (value: number) => `${formatPercent(value, 2)}`;
const bytesText = (value: number) => `${formatBytes(value)} (${value} bytes)`;

/** Evaluates every rule against an analysis. Failures are strict "beyond the threshold", as dive's. */
export function evaluateCiRules(rules: CiRule[], analysis: ImageAnalysis): CiEvaluation {
  const results = rules.map((rule): CiRuleResult => {
    const t = rule.threshold ?? 0;
    const result = (failed: boolean, figure: string, failure: string): CiRuleResult =>
      rule.disabled
        ? { key: rule.key, status: 'SKIP', configured: rule.configured, figure, message: 'disabled' }
        : {
            key: rule.key,
            status: failed ? 'FAIL' : 'PASS',
            configured: rule.configured,
            figure,
            message: failed ? failure : `threshold ${rule.configured}`,
          };
    switch (rule.key) {
      case 'lowestEfficiency': {
        const v = analysis.dive.efficiency;
        return result(t > v, ratioText(v), `image efficiency is too low (efficiency=${v.toFixed(2)} < threshold=${rule.configured})`);
      }
      case 'highestWastedBytes': {
        const v = analysis.dive.wastedBytes;
        return result(v > t, bytesText(v), `too many bytes wasted (wasted-bytes=${v} > threshold=${rule.configured})`);
      }
      case 'highestUserWastedPercent': {
        const v = analysis.dive.userWastedPercent;
        return result(
          v > t,
          ratioText(v),
          `too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=${v.toFixed(2)} > threshold=${rule.configured})`,
        );
      }
      case 'highestTrueWasteBytes': {
        const v = analysis.wastedBytes;
        return result(v > t, bytesText(v), `too much true waste (${formatBytes(v)} > ${formatBytes(t)})`);
      }
      case 'maxImageSize': {
        const v = analysis.sizeBytes;
        return result(v > t, bytesText(v), `the image is too big (${formatBytes(v)} > ${formatBytes(t)})`);
      }
      case 'maxLayers': {
        const v = analysis.layers.length;
        return result(v > t, String(v), `too many layers (${v} > ${t})`);
      }
      case 'forbiddenFindings': {
        const hits = analysis.findings.filter((f) => rule.categories?.includes(f.category));
        const bytes = hits.reduce((sum, f) => sum + f.bytes, 0);
        const categories = [...new Set(hits.map((f) => f.category))];
        const figure = `${hits.length} forbidden finding${hits.length === 1 ? '' : 's'}${hits.length ? ` (${categories.join(', ')}; ${formatBytes(bytes)})` : ''}`;
        const total = `${analysis.findings.length} finding${analysis.findings.length === 1 ? '' : 's'}`;
        return result(
          hits.length > 0,
          rule.disabled ? total : figure,
          `forbidden findings: ${hits.map((f) => `${f.title} (${formatBytes(f.bytes)})`).join('; ')}`,
        );
      }
      case 'runsAsRoot': {
        const s = analysis.attackSurface;
        const figure = s.runsAsRoot ? `runs as root${s.user ? ` (USER ${s.user})` : ' (no USER set)'}` : `runs as ${s.user}`;
        return result(s.runsAsRoot, figure, 'the image runs as root: add a USER instruction with an unprivileged user');
      }
    }
  });
  const tally = {
    pass: results.filter((r) => r.status === 'PASS').length,
    fail: results.filter((r) => r.status === 'FAIL').length,
    skip: results.filter((r) => r.status === 'SKIP').length,
  };
  return { passed: tally.fail === 0, results, tally };
}

/** The terminal report: one line per rule with its figure, then dive's summary line. */
export function ciText(evaluation: CiEvaluation): string {
  const width = Math.max(...evaluation.results.map((r) => r.key.length));
  const lines = evaluation.results.map((r) => `  ${r.status}  ${r.key.padEnd(width)}  ${r.figure}  (${r.message})`);
  const { pass, fail, skip } = evaluation.tally;
  lines.push('', `${evaluation.passed ? 'PASS' : 'FAIL'} [pass:${pass} fail:${fail} skip:${skip}]`);
  return lines.join('\n');
}

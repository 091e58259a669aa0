import { describe, expect, it } from 'vitest';
import type { ImageAnalysis } from '../../shared/analysis';
import { parseCiConfig } from './ci-config';
import { ciText, defaultCiRules, evaluateCiRules, makeRule, parseBytes } from './ci-rules';

/** The figures LayerLens (and dive) report for dive's test-docker-image.tar. */
const diveTestImage = {
  name: 'dive-test:latest',
  sizeBytes: 1_220_598,
  wastedBytes: 32_025,
  layers: Array.from({ length: 14 }, () => ({})),
  dive: { efficiency: 0.9844212134184309, wastedBytes: 32_025, userWastedPercent: 0.4834911001404049 },
  findings: [
    { category: 'duplicate-files', title: '4 duplicate files', bytes: 25_620 },
    { category: 'hidden-by-later-layer', title: '1 file deleted', bytes: 6405 },
  ],
  attackSurface: { runsAsRoot: true, user: '' },
} as unknown as ImageAnalysis;

describe('parseBytes (go-humanize, as dive reads sizes)', () => {
  it.each([
    ['20MB', 20_000_000],
    ['19Mb', 19_000_000],
    ['1.5 GiB', 1.5 * 1024 ** 3],
    ['1,000 kB', 1_000_000],
    ['4096', 4096],
    ['10k', 10_000],
  ])('%s', (text, bytes) => expect(parseBytes(text)).toBe(bytes));

  it('refuses what is not a size', () => {
    expect(() => parseBytes('lots')).toThrow(/not a size/);
    expect(() => parseBytes('12 parsecs')).toThrow(/not a size/);
  });
});

describe('CI rules', () => {
  it("use dive's defaults: efficiency 0.9, wasted bytes disabled, user-wasted 0.1; the rest disabled", () => {
    const rules = defaultCiRules();
    expect(rules.map((r) => [r.key, r.configured])).toEqual([
      ['lowestEfficiency', '0.9'],
      ['highestWastedBytes', 'disabled'],
      ['highestUserWastedPercent', '0.1'],
      ['highestTrueWasteBytes', 'disabled'],
      ['maxImageSize', 'disabled'],
      ['maxLayers', 'disabled'],
      ['forbiddenFindings', 'disabled'],
      ['runsAsRoot', 'disabled'],
    ]);
  });

  it("fail dive's test image on the user-waste rule only, exactly as dive --ci does", () => {
    const evaluation = evaluateCiRules(defaultCiRules(), diveTestImage);
    expect(evaluation.passed).toBe(false);
    expect(evaluation.results.map((r) => [r.key, r.status])).toEqual([
      ['lowestEfficiency', 'PASS'],
      ['highestWastedBytes', 'SKIP'],
      ['highestUserWastedPercent', 'FAIL'],
      ['highestTrueWasteBytes', 'SKIP'],
      ['maxImageSize', 'SKIP'],
      ['maxLayers', 'SKIP'],
      ['forbiddenFindings', 'SKIP'],
      ['runsAsRoot', 'SKIP'],
    ]);
    const failed = evaluation.results[2];
    expect(failed.message).toBe('too many bytes wasted, relative to the user bytes added (%-user-wasted-bytes=0.48 > threshold=0.1)');
    expect(failed.figure).toBe('48.35 %');
    expect(ciText(evaluation)).toContain('FAIL [pass:1 fail:1 skip:6]');
  });

  it('evaluate the LayerLens rules with their figures', () => {
    const rules = [
      makeRule('highestTrueWasteBytes', '30kB'),
      makeRule('maxImageSize', '2MB'),
      makeRule('maxLayers', 10),
      makeRule('forbiddenFindings', ['duplicate-files', 'dev-dependencies']),
      makeRule('runsAsRoot', 'forbid'),
    ];
    const results = evaluateCiRules(rules, diveTestImage).results;
    expect(results.map((r) => r.status)).toEqual(['FAIL', 'PASS', 'FAIL', 'FAIL', 'FAIL']);
    expect(results[0].figure).toBe('32.0 kB (32025 bytes)');
    expect(results[3].figure).toBe('1 forbidden finding (duplicate-files; 25.6 kB)');
    expect(results[4].figure).toBe('runs as root (no USER set)');
  });

  it('read disabled values as dive does, and say what is wrong with a bad one', () => {
    for (const value of ['disabled', 'off', 'false', '', false, null]) expect(makeRule('lowestEfficiency', value).disabled).toBe(true);
    expect(() => makeRule('lowestEfficiency', 1.5)).toThrow(/outside the allowed range/);
    expect(() => makeRule('highestWastedBytes', 'huge')).toThrow(/not a size/);
    expect(() => makeRule('forbiddenFindings', 'node-modules')).toThrow(/unknown finding category node-modules/);
    expect(() => makeRule('maxLayers', '2.5')).toThrow(/whole number/);
  });
});

describe('CI config', () => {
  it("reads dive's .dive-ci (legacy camelCase keys, YAML numbers), keeping dive's defaults for the rest", () => {
    const config = parseCiConfig('rules:\n  lowestEfficiency: 0.96\n  highestWastedBytes: 19Mb\n', '.dive-ci');
    expect(config.rules.slice(0, 3).map((r) => r.configured)).toEqual(['0.96', '19Mb', '0.1']);
    expect(config.warnings).toEqual([]);
  });

  it("reads dive's snake-case keys and LayerLens's own rules, and reports what it ignores", () => {
    const config = parseCiConfig(
      [
        'plugins:',
        '  - plugin1',
        'rules:',
        '  lowest-efficiency: "0.8"',
        '  highest-user-wasted-percent: disabled',
        '  max-image-size: 500MB',
        '  forbiddenFindings: [dev-dependencies, vcs-directory]',
        '  runsAsRoot: forbid',
        '  plugin1/rule1: error',
      ].join('\n'),
      'gate.yaml',
    );
    const byKey = Object.fromEntries(config.rules.map((r) => [r.key, r]));
    expect(byKey.lowestEfficiency.threshold).toBe(0.8);
    expect(byKey.highestUserWastedPercent.disabled).toBe(true);
    expect(byKey.maxImageSize.threshold).toBe(500_000_000);
    expect(byKey.forbiddenFindings.categories).toEqual(['dev-dependencies', 'vcs-directory']);
    expect(byKey.runsAsRoot.disabled).toBe(false);
    expect(config.warnings).toEqual(['gate.yaml: ignored "plugins" (only "rules" is read)', 'gate.yaml: ignored unknown rule "plugin1/rule1"']);
  });

  it('refuses a file that is not a rules map', () => {
    expect(() => parseCiConfig('rules: [1, 2]', 'x.yaml')).toThrow(/must be a map/);
    expect(() => parseCiConfig('rules:\n  lowestEfficiency: "{"\n', 'x.yaml')).toThrow(/x.yaml: Invalid lowestEfficiency/);
    expect(() => parseCiConfig('rules: {\n', 'x.yaml')).toThrow(/not valid YAML/);
  });
});

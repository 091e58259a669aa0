/**
 * The size gate. Reads LayerLens's CI YAML or dive's `.dive-ci` (with no --config: `.layerlens-ci.yaml`,
 * then `.dive-ci` in the current folder, as dive does), prints every rule PASS/FAIL/SKIP with its figure,
 * exits 1 when a rule fails.
 */
import { writeFileAtomic } from '../../core/fs/atomic-write';
import { loadCiConfig } from '../../core/report/ci-config';
import { ciText, evaluateCiRules } from '../../core/report/ci-rules';
import { ciJunitXml } from '../../core/report/junit';
import { formatBytes } from '../../shared/format';
import { stringOption, type CommandAction } from '../command';
import { exitCodes } from '../exit-codes';
import { sourceKindOption, sourceOf } from '../source-arg';
import { withCore } from '../with-core';

/** As `dive --ci`. Usage errors also exit 1, but print "error: …" instead of the rule table. */
const gateFailed = 1;

export const run: CommandAction = async ({ values, positionals, io }) => {
  // The config first: a misconfigured gate is a usage error (exit 1, said as such), before any analysis.
  const config = loadCiConfig(stringOption(values, 'config'));
  for (const warning of config.warnings) io.err(`warning: ${warning}`);
  const source = sourceOf(positionals[0], sourceKindOption(values));
  const started = Date.now();
  const analysis = await withCore(values, (core) => core.analyzeImage(source, { platform: stringOption(values, 'platform') }));
  const evaluation = evaluateCiRules(config.rules, analysis);
  const junit = stringOption(values, 'junit');
  if (junit) {
    await writeFileAtomic(
      junit,
      ciJunitXml({ image: analysis.name, configOrigin: config.origin, evaluation, durationMs: Date.now() - started, timestamp: new Date() }),
    );
  }
  if (values.json) {
    io.out(JSON.stringify({ image: analysis.name, id: analysis.id, config: config.origin, ...evaluation }, null, 2));
  } else {
    io.out(`Image: ${analysis.name} (${formatBytes(analysis.sizeBytes)}, ${analysis.layers.length} layers)`);
    io.out(`Rules: ${config.origin}`);
    io.out('');
    io.out(ciText(evaluation));
  }
  if (!evaluation.passed) {
    io.err(`ci: the size gate failed (${evaluation.tally.fail} rule${evaluation.tally.fail === 1 ? '' : 's'}).`);
    return gateFailed;
  }
  return exitCodes.ok;
};

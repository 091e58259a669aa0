import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { formatBytes } from '../../shared/format';
import { cli } from '../test-cli';

// A small image of known shape saved by the real engine (test/archive-fixtures.ts): half of what its own
// layers add is wasted, so dive's default user-waste rule (10 %) fails it.
const fixtures = inject('archiveFixtures');
const tar = fixtures.dockerSave;
const copy = fs.statSync(path.join(fixtures.sourceDir, 'notes.txt')).size;
/** The figures `inspect --json` gives, which the gate must print. */
let measured: { userWastedPercent: string; wasted: string; layers: number };
beforeAll(async () => {
  const analysis = JSON.parse((await cli('inspect', tar, '--json')).out);
  measured = {
    userWastedPercent: (analysis.dive.userWastedPercent * 100).toFixed(2),
    wasted: `${formatBytes(analysis.dive.wastedBytes)} (${analysis.dive.wastedBytes} bytes)`,
    layers: analysis.layers.length,
  };
});
const home = process.cwd();

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-ci-'));
}

/** dive's own `cmd/dive/cli/testdata/default-ci-config/.dive-ci` (copied: the test must not need dive's source). */
const diveDefaultCiConfig = `rules:
  # If the efficiency is measured below X%, mark as failed. (expressed as a percentage between 0-1)
  lowestEfficiency: 0.96

  # If the amount of wasted space is at least X or larger than X, mark as failed. (expressed in B, KB, MB, and GB)
  highestWastedBytes: 19Mb

  # If the amount of wasted space makes up for X% of the image, mark as failed. (fail if the threshold is met or crossed; expressed as a percentage between 0-1)
  highestUserWastedPercent: 0.6
`;

/** A minimal well-formedness check: balanced tags, quoted attributes, known entities, one root. */
function assertWellFormedXml(xml: string): void {
  const body = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: string[] = [];
  let roots = 0;
  const token = /<\/?([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>|&(?!(?:amp|lt|gt|quot|apos);)|<|>/g;
  let match: RegExpExecArray | null;
  let last = 0;
  while ((match = token.exec(body))) {
    const text = body.slice(last, match.index);
    if (stack.length === 0 && text.trim() !== '') throw new Error(`text outside the root: ${text}`);
    last = token.lastIndex;
    if (match[0] === '<' || match[0] === '>' || match[0].startsWith('&')) throw new Error(`stray "${match[0]}" at ${match.index}`);
    const [all, name, , selfClosing] = match;
    if (all.startsWith('</')) {
      if (stack.pop() !== name) throw new Error(`mismatched </${name}>`);
    } else {
      if (stack.length === 0) roots += 1;
      if (!selfClosing) stack.push(name);
    }
  }
  if (stack.length > 0 || roots !== 1) throw new Error(`unbalanced XML: open ${stack.join(',')}, ${roots} roots`);
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

afterEach(() => process.chdir(home));

describe('layerlens ci', () => {
  it("fails the image on the user-waste rule alone with dive's default rules", async () => {
    process.chdir(tempDir()); // no config file here
    const result = await cli('ci', tar);
    expect(result.code).toBe(1);
    expect(result.out).toContain("Rules: dive's default rules");
    expect(result.out).toMatch(/PASS {2}lowestEfficiency +\d+\.\d\d %/);
    expect(result.out).toContain(`SKIP  highestWastedBytes`);
    expect(result.out).toMatch(new RegExp(`highestWastedBytes +${escape(measured.wasted)} +\\(disabled\\)`));
    expect(result.out).toMatch(
      new RegExp(
        `FAIL {2}highestUserWastedPercent +${escape(measured.userWastedPercent)} % +\\(too many bytes wasted, relative to the user bytes added`,
      ),
    );
    expect(result.out).toContain('FAIL [pass:1 fail:1 skip:6]');
    expect(result.err).toContain('the size gate failed (1 rule)');
    expect(result.err).not.toContain('error:');
  });

  it('passes with relaxed thresholds from --config', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'gate.yaml');
    fs.writeFileSync(config, 'rules:\n  lowest-efficiency: 0.5\n  highest-user-wasted-percent: 0.6\n  max-layers: 20\n  max-image-size: 5MB\n');
    const result = await cli('ci', tar, '--config', config);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(new RegExp(`PASS {2}highestUserWastedPercent +${escape(measured.userWastedPercent)} %`));
    expect(result.out).toMatch(new RegExp(`PASS {2}maxLayers +${measured.layers}\\b`));
    expect(result.out).toContain('PASS [pass:4 fail:0 skip:4]');
  });

  it("honours a .dive-ci in the current folder, as dive does (dive's testdata/default-ci-config)", async () => {
    const dir = tempDir();
    fs.writeFileSync(path.join(dir, '.dive-ci'), diveDefaultCiConfig);
    process.chdir(dir);
    const result = await cli('ci', tar);
    expect(result.out).toContain('Rules: .dive-ci');
    expect(result.out).toMatch(/PASS {2}lowestEfficiency .*\(threshold 0\.96\)/);
    expect(result.out).toMatch(/PASS {2}highestWastedBytes .*\(threshold 19Mb\)/);
    expect(result.out).toMatch(/PASS {2}highestUserWastedPercent .*\(threshold 0\.6\)/);
    expect(result.code).toBe(0);
  });

  it('fails on forbidden findings and root, and writes well-formed JUnit XML', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'gate.yaml');
    fs.writeFileSync(config, 'rules:\n  forbiddenFindings: [duplicate-files]\n  runsAsRoot: forbid\n');
    const junit = path.join(dir, 'junit.xml');
    const result = await cli('ci', tar, '--config', config, '--junit', junit);
    expect(result.code).toBe(1);
    expect(result.out).toContain(`1 forbidden finding (duplicate-files; ${formatBytes(2 * copy)})`);
    expect(result.out).toMatch(/FAIL {2}forbiddenFindings/);
    expect(result.out).toMatch(/FAIL {2}runsAsRoot +runs as root/);
    const xml = fs.readFileSync(junit, 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toContain('<testsuites name="layerlens ci" tests="8" failures="3" errors="0" skipped="4"');
    expect(xml).toContain('<testcase classname="layerlens.ci" name="highestUserWastedPercent" time="0">');
    expect(xml).toMatch(/<failure message="too many bytes wasted[^"]*&gt; threshold=0\.1\)"/);
    expect(xml).toContain(`<skipped message="disabled; measured ${measured.wasted}"/>`);
  });

  it('--json prints the evaluation', async () => {
    process.chdir(tempDir());
    const result = await cli('ci', tar, '--json');
    const parsed = JSON.parse(result.out);
    expect(parsed).toMatchObject({ image: fixtures.tag, passed: false, tally: { pass: 1, fail: 1, skip: 6 } });
  });
});

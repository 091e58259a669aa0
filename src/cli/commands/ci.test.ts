import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../index';

const tar = path.resolve(import.meta.dirname, '../../../../shared/fixtures/dive-archives/test-docker-image.tar');
const home = process.cwd();

async function cli(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

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

afterEach(() => process.chdir(home));

describe('layerlens ci', () => {
  it("fails dive's test image on the user-waste rule with dive's default rules (as dive's own CI test expects)", async () => {
    process.chdir(tempDir()); // no config file here
    const result = await cli('ci', tar);
    expect(result.code).toBe(1);
    expect(result.out).toContain("Rules: dive's default rules");
    expect(result.out).toMatch(/PASS {2}lowestEfficiency +98\.44 %/);
    expect(result.out).toMatch(/SKIP {2}highestWastedBytes +32\.0 kB \(32025 bytes\) +\(disabled\)/);
    expect(result.out).toMatch(/FAIL {2}highestUserWastedPercent +48\.35 % +\(too many bytes wasted, relative to the user bytes added \(%-user-wasted-bytes=0\.48 > threshold=0\.1\)\)/);
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
    expect(result.out).toMatch(/PASS {2}highestUserWastedPercent +48\.35 %/);
    expect(result.out).toMatch(/PASS {2}maxLayers +14/);
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
    expect(result.out).toMatch(/FAIL {2}forbiddenFindings +1 forbidden finding \(duplicate-files; 25\.6 kB\)/);
    expect(result.out).toMatch(/FAIL {2}runsAsRoot +runs as root/);
    const xml = fs.readFileSync(junit, 'utf8');
    assertWellFormedXml(xml);
    expect(xml).toContain('<testsuites name="layerlens ci" tests="8" failures="3" errors="0" skipped="4"');
    expect(xml).toContain('<testcase classname="layerlens.ci" name="highestUserWastedPercent" time="0">');
    expect(xml).toMatch(/<failure message="too many bytes wasted[^"]*&gt; threshold=0\.1\)"/);
    expect(xml).toContain('<skipped message="disabled; measured 32.0 kB (32025 bytes)"/>');
  });

  it('says a misconfigured gate is a usage error (exit 1, "error: …"), before any analysis', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'bad.yaml');
    fs.writeFileSync(config, 'rules:\n  lowestEfficiency: 1.5\n');
    const bad = await cli('ci', tar, '--config', config);
    expect(bad).toMatchObject({ code: 1, out: '' });
    expect(bad.err).toMatch(/^error: .*bad\.yaml: Invalid lowestEfficiency value/);
    expect(bad.err).toContain('outside the allowed range (0-1)');
    const missing = await cli('ci', tar, '--config', path.join(dir, 'nope.yaml'));
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('Cannot read the CI config') });
    expect(await cli('ci')).toMatchObject({ code: 1, err: expect.stringContaining('ci needs an image name') });
  });

  it('--json prints the evaluation', async () => {
    process.chdir(tempDir());
    const result = await cli('ci', tar, '--json');
    const parsed = JSON.parse(result.out);
    expect(parsed).toMatchObject({ image: 'dive-test:latest', passed: false, tally: { pass: 1, fail: 1, skip: 6 } });
  });
});

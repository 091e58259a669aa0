import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { describeWithDiveArchives, diveArchive } from '../../../test/dive-fixtures';
import { cli } from '../test-cli';

const tar = diveArchive('test-docker-image.tar');
const home = process.cwd();
/** A unit test asks no engine (an archive's base is then told by its labels). */
const noEngine = ['--host', 'unix:///nonexistent/layerlens-test.sock'];

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-ci-'));
}

afterEach(() => process.chdir(home));

describeWithDiveArchives("layerlens ci on dive's test image", () => {
  it("fails dive's test image on the user-waste rule with dive's default rules (as dive's own CI test expects)", async () => {
    process.chdir(tempDir()); // no config file here
    const result = await cli('ci', tar, ...noEngine);
    expect(result.code).toBe(1);
    expect(result.out).toContain("Rules: dive's default rules");
    expect(result.out).toMatch(/PASS {2}lowestEfficiency +98\.44 %/);
    expect(result.out).toMatch(/SKIP {2}highestWastedBytes +32\.0 kB \(32025 bytes\) +\(disabled\)/);
    expect(result.out).toMatch(
      /FAIL {2}highestUserWastedPercent +48\.35 % +\(too many bytes wasted, relative to the user bytes added \(%-user-wasted-bytes=0\.48 > threshold=0\.1\)\)/,
    );
    expect(result.out).toContain('FAIL [pass:1 fail:1 skip:6]');
    expect(result.err).toContain('the size gate failed (1 rule)');
    expect(result.err).not.toContain('error:');
  });

  it('--json prints the evaluation', async () => {
    process.chdir(tempDir());
    const result = await cli('ci', tar, '--json', ...noEngine);
    const parsed = JSON.parse(result.out);
    expect(parsed).toMatchObject({ image: 'dive-test:latest', passed: false, tally: { pass: 1, fail: 1, skip: 6 } });
  });
});

describe('layerlens ci configuration', () => {
  it('says a misconfigured gate is a usage error (exit 1, "error: …"), before any analysis', async () => {
    const dir = tempDir();
    const config = path.join(dir, 'bad.yaml');
    fs.writeFileSync(config, 'rules:\n  lowestEfficiency: 1.5\n');
    const bad = await cli('ci', 'some-image:1', '--config', config);
    expect(bad).toMatchObject({ code: 1, out: '' });
    expect(bad.err).toMatch(/^error: .*bad\.yaml: Invalid lowestEfficiency value/);
    expect(bad.err).toContain('outside the allowed range (0-1)');
    const missing = await cli('ci', 'some-image:1', '--config', path.join(dir, 'nope.yaml'));
    expect(missing).toMatchObject({ code: 1, err: expect.stringContaining('Cannot read the CI config') });
    expect(await cli('ci')).toMatchObject({ code: 1, err: expect.stringContaining('ci needs an image name') });
  });
});

/**
 * The CLI on registry images (the core's reading of them: src/core/registry/registry.docker.test.ts):
 * `inspect --source registry`, `ci` and `report --compare` with `registry://`, against Debian's real
 * docker-registry on 127.0.0.1 with busybox pushed to it.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docker } from '../../../test/docker-fixtures';
import { LocalRegistry, requireLocalRegistryTools } from '../../../test/local-registry';
import { LayerIndexCache } from '../../core/archive/layer-cache';
import { cli } from '../test-cli';

const busybox = 'layerlens-test/busybox:stable';
let registry: LocalRegistry;
let ref = '';
let busyboxId = '';
let tmp = '';
const previousCache = process.env.LAYERLENS_CACHE_DIR;

beforeAll(async () => {
  requireLocalRegistryTools();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-registry-cli-'));
  process.env.LAYERLENS_CACHE_DIR = path.join(tmp, 'cache');
  registry = await LocalRegistry.start();
  ref = await registry.push(busybox, 'cli/busybox:1');
  busyboxId = (await docker('image', 'inspect', '-f', '{{.Id}}', busybox)).trim();
});

afterAll(async () => {
  if (previousCache === undefined) delete process.env.LAYERLENS_CACHE_DIR;
  else process.env.LAYERLENS_CACHE_DIR = previousCache;
  await new LayerIndexCache({ dir: tmp || os.tmpdir() }).flush();
  await registry?.stop();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

describe('the CLI on registry images', () => {
  it('inspects with --source registry or a registry:// prefix, never taking the name for a local image', async () => {
    const json = await cli('inspect', '--source', 'registry', ref, '--json');
    expect(json.code, json.err).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({ id: busyboxId, name: ref, source: { kind: 'registry', ref } });
    const text = await cli('inspect', `registry://${ref}`);
    expect(text.code, text.err).toBe(0);
    expect(text.out).toContain(ref);
    expect(await docker('images', '-q', `${registry.host}/cli/busybox`)).toBe('');
  });

  it('gates with ci and reports a remote image compared with a local one', async () => {
    const gate = await cli('ci', `registry://${ref}`, '--json');
    expect([0, 1], gate.err).toContain(gate.code);
    expect(JSON.parse(gate.out)).toMatchObject({ id: busyboxId });
    const output = path.join(tmp, 'remote-vs-local.md');
    const report = await cli('report', `registry://${ref}`, '--compare', busybox, '-o', output);
    expect(report.code, report.err).toBe(0);
    const markdown = fs.readFileSync(output, 'utf8');
    expect(markdown).toContain(ref);
    expect(markdown).toContain(busybox);
  });

  it('says what is wrong: an empty reference, a missing tag, an unknown --source', async () => {
    expect(await cli('inspect', 'registry://')).toMatchObject({ code: 1, err: expect.stringContaining('registry://') });
    const missingTag = await cli('inspect', `registry://${registry.host}/cli/busybox:nope`);
    expect(missingTag.code).toBe(3);
    expect(missingTag.err).toContain('cli/busybox:nope');
    expect(await cli('inspect', '--source', 'cloud', ref)).toMatchObject({ code: 1, err: expect.stringContaining('--source is one of') });
  });
});

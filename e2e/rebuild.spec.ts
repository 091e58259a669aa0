/**
 * "Optimize a Dockerfile…" end to end: the real `layerlens serve` and the real engine. A tiny Node app
 * (no npm dependencies, so the build needs no network) is copied to a temp folder, its proposal shown as a
 * diff with reasons, built bloated and lean on the stand-in bases, verified, and shown side by side. The
 * docker CLI is the oracle for the sizes. Every image and container the tests make is removed: the tags,
 * and the untagged stage images of the multi-stage build (recognised by a marker in their package.json).
 */
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatBytes } from '../src/shared/format';
import { fixturesDir, uniqueTag } from '../test/docker-fixtures';
import { RebuildPage } from './pages/rebuild-page';

const url = process.env.LAYERLENS_URL!;
const screenshots = 'test-results/screenshots';
const runtimeBase = 'layerlens-test/node-slim:18';

function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function dockerSize(ref: string): number {
  return Number(docker('image', 'inspect', '-f', '{{.Size}}', ref).trim());
}

function imageIds(...filters: string[]): Set<string> {
  return new Set(docker('images', '-a', '-q', '--no-trunc', ...filters.flatMap((f) => ['--filter', f])).split('\n').filter(Boolean));
}

/** The fixture in a temp folder (no .lean file ever lands in the repo), made unique by a marker. */
function copyFixture(marker: string, dockerfile?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-e2e-rebuild-'));
  fs.cpSync(path.join(fixturesDir, 'rebuild-app'), dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ ...manifest, description: `e2e run ${marker}` }, null, 2)}\n`);
  if (dockerfile !== undefined) fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** Does the image's /app/package.json carry the marker? Read from a created (never started) container. */
function carriesMarker(id: string, marker: string): boolean {
  let container = '';
  try {
    container = docker('create', id, 'true').trim();
    return docker('cp', `${container}:/app/package.json`, '-').includes(marker);
  } catch {
    return false;
  } finally {
    if (container) docker('rm', '-f', container);
  }
}

/** Removes the tags, then the untagged stage images this run's builds left (and only those). */
function cleanUp(tags: string[], before: Set<string>, marker: string): void {
  for (const tag of tags) {
    try {
      docker('rmi', tag);
    } catch {
      // Not built (a failed or cancelled run).
    }
  }
  for (const id of imageIds('dangling=true')) {
    if (!before.has(id) && carriesMarker(id, marker)) {
      try {
        docker('rmi', id);
      } catch {
        // Held by another image of this run: removed with it.
      }
    }
  }
}

/** Images of this run still there (other sessions may build at the same time: only the marker counts). */
function leftBehind(before: Set<string>, marker: string): string[] {
  return [...imageIds()].filter((id) => !before.has(id) && carriesMarker(id, marker));
}

test.describe('rebuild as multi-stage', () => {
  test.describe.configure({ timeout: 240_000 });

  test('from a folder: the diff with reasons, the build, then a verified smaller lean image', async ({ page }) => {
    const marker = randomBytes(6).toString('hex');
    const before = imageIds();
    const contextDir = copyFixture(marker);
    const image = uniqueTag('rebuild-app');
    const leanTag = `${image}-lean`;
    const wizard = new RebuildPage(page);
    try {
      await wizard.openFolder(url, contextDir);
      await expect(wizard.plan).toBeVisible();
      await wizard.chooseRuntimeBase(runtimeBase);

      // Step 1: the proposal as a diff, every change tied to its original line with its reason.
      await expect(wizard.diff.locator('[data-kind="added"]', { hasText: `FROM ${runtimeBase}` })).toBeVisible();
      await expect(wizard.diff.locator('[data-kind="removed"]', { hasText: 'CMD ["npm", "start"]' })).toBeVisible();
      const command = wizard.change('command');
      await expect(command.getByTestId('rebuild-change-origin')).toHaveText('line 7: CMD ["npm", "start"]');
      await expect(command).toContainText('npm is not needed in the image');
      await expect(wizard.change('user')).toContainText('ran as root');
      await expect(page.getByTestId('rebuild-dockerignore')).toContainText('node_modules');
      // A reason marker in the diff selects its change.
      await wizard.diff.locator('[data-kind="added"]', { hasText: 'CMD ["node", "server.js"]' }).getByRole('button').first().click();
      await expect(command).toHaveClass(/on/);
      await wizard.imageName.fill(image);
      await wizard.leanTag.fill(leanTag);
      await page.screenshot({ path: `${screenshots}/rebuild-plan.png`, fullPage: true });

      // Step 2: progress, phase by phase, with step n/m and the log.
      await wizard.buildButton.click();
      await expect(wizard.buildStep).toBeVisible();
      await expect(wizard.log).toContainText(/Step \d+\/\d+ : FROM layerlens-test\/node-full:18/);
      await expect(wizard.cancelButton).toBeVisible();

      // Step 3: the result, side by side, against the docker CLI.
      await expect(wizard.result).toBeVisible({ timeout: 180_000 });
      await expect(page.getByTestId('rebuild-verify-verdict')).toHaveText('passed');
      await expect(page.getByTestId('rebuild-check').first()).toContainText('same');
      const originalBytes = dockerSize(image);
      const leanBytes = dockerSize(leanTag);
      expect(leanBytes).toBeLessThan(originalBytes);
      await expect(page.getByTestId('rebuild-original-size')).toHaveText(formatBytes(originalBytes));
      await expect(page.getByTestId('rebuild-lean-size')).toHaveText(formatBytes(leanBytes));
      await expect(page.getByTestId('rebuild-reduction')).toHaveText(`−${formatBytes(originalBytes - leanBytes)}`);
      await expect(page.getByTestId('rebuild-reduction-percent')).toHaveText(`−${(((originalBytes - leanBytes) / originalBytes) * 100).toFixed(1)} %`);
      const originalId = docker('image', 'inspect', '-f', '{{.Id}}', image).trim();
      const leanId = docker('image', 'inspect', '-f', '{{.Id}}', leanTag).trim();
      await expect(page.getByTestId('rebuild-compare-link')).toHaveAttribute('href', `#/compare/${encodeURIComponent(originalId)}/${encodeURIComponent(leanId)}`);
      await expect(page.getByTestId('rebuild-logs-lean')).toContainText('listening on 3000', { useInnerText: false });
      await expect(page.getByTestId('rebuild-bar-lean')).toBeVisible({ timeout: 120_000 });
      await expect(page.getByTestId('rebuild-surface')).toContainText('app');
      await page.screenshot({ path: `${screenshots}/rebuild-result.png`, fullPage: true });

      // The proposal was written beside the original, in the temp copy only.
      expect(fs.readFileSync(path.join(contextDir, 'Dockerfile.lean'), 'utf8')).toContain(`FROM ${runtimeBase}`);
      expect(fs.existsSync(path.join(contextDir, '.dockerignore.lean'))).toBe(true);
      expect(fs.readdirSync(path.join(fixturesDir, 'rebuild-app')).filter((f) => f.endsWith('.lean'))).toEqual([]);
      // Verification cleaned up its containers.
      expect(docker('ps', '-a', '-q', '--filter', 'name=layerlens-verify').trim()).toBe('');
    } finally {
      cleanUp([leanTag, image], before, marker);
      fs.rmSync(contextDir, { recursive: true, force: true });
    }
    expect(leftBehind(before, marker)).toEqual([]);
  });

  test('a syntax error shows INVALID_DOCKERFILE with its line and column', async ({ page }) => {
    const contextDir = copyFixture('syntax', 'FROM layerlens-test/node-full:18\nWORKDIR /app\nCOPY\n');
    const wizard = new RebuildPage(page);
    try {
      await wizard.openFolder(url, contextDir);
      await expect(wizard.planError).toHaveAttribute('data-code', 'INVALID_DOCKERFILE');
      await expect(wizard.planError.getByTestId('rebuild-error-position')).toHaveText(/Line 3, column \d+/);
    } finally {
      fs.rmSync(contextDir, { recursive: true, force: true });
    }
  });

  test('BUILD_FAILED shows the failing step and its log; a slow build can be cancelled', async ({ page }) => {
    const marker = randomBytes(6).toString('hex');
    const before = imageIds();
    const failing = copyFixture(marker, 'FROM layerlens-test/node-full:18\nWORKDIR /app\nCOPY package.json .\nRUN echo "cannot build ' + marker + '" && false\nCOPY . .\nCMD ["node", "server.js"]\n');
    const slow = copyFixture(marker, 'FROM layerlens-test/node-full:18\nWORKDIR /app\nCOPY package.json .\nRUN echo "waiting ' + marker + '" && sleep 120\nCOPY . .\nCMD ["node", "server.js"]\n');
    const tags = [uniqueTag('rebuild-fails'), uniqueTag('rebuild-slow')];
    const wizard = new RebuildPage(page);
    try {
      await wizard.openFolder(url, failing);
      await expect(wizard.plan).toBeVisible();
      await wizard.imageName.fill(tags[0]!);
      await wizard.leanTag.fill(`${tags[0]}-lean`);
      await wizard.buildButton.click();
      await expect(wizard.error).toHaveAttribute('data-code', 'BUILD_FAILED', { timeout: 60_000 });
      await expect(wizard.error).toContainText('step 4/6');
      await expect(page.getByTestId('rebuild-failed-log')).toContainText(`cannot build ${marker}`);
      await expect(wizard.phase('build-original')).toHaveAttribute('data-state', 'failed');

      await page.getByTestId('rebuild-back').click();
      await wizard.openFolder(url, slow);
      await expect(wizard.plan).toBeVisible();
      await wizard.imageName.fill(tags[1]!);
      await wizard.leanTag.fill(`${tags[1]}-lean`);
      await wizard.buildButton.click();
      await expect(wizard.log).toContainText(`waiting ${marker}`, { timeout: 60_000 });
      await wizard.cancelButton.click();
      await expect(wizard.error).toHaveAttribute('data-code', 'CANCELLED', { timeout: 30_000 });
      await expect(page.getByTestId('rebuild-retry')).toHaveText('Build again');
      for (const tag of tags) expect(() => docker('image', 'inspect', tag)).toThrow();
    } finally {
      cleanUp([...tags, ...tags.map((t) => `${t}-lean`)], before, marker);
      fs.rmSync(failing, { recursive: true, force: true });
      fs.rmSync(slow, { recursive: true, force: true });
    }
    expect(leftBehind(before, marker)).toEqual([]);
  });
});

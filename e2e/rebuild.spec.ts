/**
 * "Optimize a Dockerfile…" end to end: the real `layerlens serve` and the real engine. A tiny Node app
 * (no npm dependencies, so the build needs no network) is copied to a temp folder; the wizard shows what
 * LayerLens found and the candidates, the proposed one as a diff with reasons; the build keeps the original
 * build, tries the candidates on the stand-in slim base and lets verification choose; the result shows the
 * verdict, the attempts, the config differences and the sizes. The docker CLI is the oracle for the sizes.
 * Every image and container the tests make is removed: the tags, and the untagged stage images of the
 * multi-stage builds (recognised by a marker in their package.json). Images made by others are never touched.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { formatBytes } from '../src/shared/format';
import { fixturesDir, uniqueTag } from '../test/docker-fixtures';
import { RebuildPage } from './pages/rebuild-page';
import { carriesMarker, cleanUpRebuild, copyRebuildApp, docker, imageIds } from './rebuild-fixture';

const url = process.env.LAYERLENS_URL!;
const screenshots = 'test-results/screenshots';
const fullBase = 'layerlens-test/node-full:18';
const runtimeBase = 'layerlens-test/node-slim:18';
const escape = '\u001b';

function dockerSize(ref: string): number {
  return Number(docker('image', 'inspect', '-f', '{{.Size}}', ref).trim());
}

function imageExists(ref: string): boolean {
  try {
    docker('image', 'inspect', ref);
    return true;
  } catch {
    return false;
  }
}

/** Images of this run still there (other sessions may build at the same time: only the marker counts). */
function leftBehind(before: Set<string>, marker: string): string[] {
  return [...imageIds()].filter((id) => !before.has(id) && carriesMarker(id, marker));
}

/** The page's headings that announce a failure or a cancel (the error page must have exactly one). */
function failureHeadings(page: Page) {
  return page.getByRole('heading', { name: /fail|cancel|could not/i });
}

test.describe('rebuild as multi-stage', () => {
  test.describe.configure({ timeout: 480_000 });

  test('from a folder: what was found, the candidates, a verified lean image; a second rebuild gets a new lean name', async ({ page }) => {
    const marker = randomBytes(6).toString('hex');
    const before = imageIds();
    const contextDir = copyRebuildApp(marker);
    const image = uniqueTag('rebuild-app');
    const leanTag = `${image}-lean`;
    const secondLean = `${image}-lean-2`;
    const wizard = new RebuildPage(page);
    try {
      await wizard.openFolder(url, contextDir);
      await wizard.planSettled();
      // The slim bases the engine holds are offered by name, in words, not as a command-line option.
      await expect(page.getByTestId('rebuild-base-suggestions').getByRole('button', { name: runtimeBase })).toBeVisible();
      await wizard.chooseRuntimeBase(runtimeBase);

      // What LayerLens found: one stage (the image), what the runtime copies and why, what the start needs.
      await expect(page.getByTestId('rebuild-stages')).toContainText(`FROM ${fullBase}`);
      await expect(page.getByTestId('rebuild-stages').locator('[data-final="true"]')).toContainText('the image');
      await expect(page.getByTestId('rebuild-closure')).toContainText('/app');
      await expect(page.getByTestId('rebuild-start')).toContainText('node server.js');

      // The candidates, most aggressive first; the first is proposed and said to be unverified.
      await expect(wizard.candidates).not.toHaveCount(0);
      expect(await wizard.candidates.count()).toBeGreaterThanOrEqual(2);
      const first = wizard.candidates.first();
      await expect(first).toHaveAttribute('data-candidate', 'c1');
      await expect(first).toHaveAttribute('data-proposed', 'true');
      await expect(first.getByTestId('rebuild-proposed-mark')).toHaveText('proposed — unverified until built');
      await expect(first).toContainText(runtimeBase);
      await expect(page.getByTestId('rebuild-proposed-mark')).toHaveCount(1);
      // No command-line speak in the wizard.
      await expect(wizard.root).not.toContainText('--runtime-base');
      await expect(wizard.root).not.toContainText('runtime base option');

      // The proposed diff: the original build kept, the runtime stage added; every change with its reason.
      await expect(wizard.diff.locator('[data-kind="added"]', { hasText: `FROM ${runtimeBase}` })).toBeVisible();
      await expect(wizard.diff.locator('[data-kind="removed"]', { hasText: `FROM ${fullBase}` })).toBeVisible();
      await expect(wizard.diff.locator('[data-kind="added"]', { hasText: `FROM ${fullBase} AS layerlens-build` })).toBeVisible();
      // The original's CMD stays in the kept build; the runtime starts without npm, and both rows say why.
      await expect(wizard.diff.locator('[data-kind="same"]', { hasText: 'CMD ["npm", "start"]' }).getByRole('button')).toHaveCount(1);
      await expect(wizard.diff.locator('[data-kind="added"]', { hasText: 'CMD ["node", "server.js"]' })).toBeVisible();
      const command = wizard.change('direct-start');
      await expect(command.getByTestId('rebuild-change-origin')).toHaveText('line 7: CMD ["npm", "start"]');
      await expect(command).toContainText('has no npm');
      await expect(wizard.change('non-root')).toContainText('ran as root');
      await expect(page.getByTestId('rebuild-dockerignore')).toContainText('node_modules');
      // A reason marker in the diff selects its change.
      await wizard.diff.locator('[data-kind="added"]', { hasText: 'CMD ["node", "server.js"]' }).getByRole('button').first().click();
      await expect(command).toHaveClass(/on/);

      // Escape closes what is open in the wizard and never leaves it, least of all from a text field.
      const dockerfile = first.locator('details');
      await dockerfile.locator('summary').click();
      await expect(dockerfile).toHaveAttribute('open', '');
      await page.keyboard.press('Escape');
      await expect(dockerfile).not.toHaveAttribute('open');
      await wizard.runtimeBase.focus();
      await wizard.runtimeBase.press('Escape');
      await wizard.verifyPaths.press('Escape');
      await expect(wizard.plan).toBeVisible();
      expect(new URL(page.url()).hash).toBe('#/rebuild');

      // Names (the lean one follows the original's), verification settings, the command to build by hand.
      await wizard.imageName.fill(image);
      await expect(wizard.leanTag).toHaveValue(leanTag);
      await expect(page.getByTestId('rebuild-lean-tag-free')).toBeVisible();
      await expect(wizard.verify).toBeChecked();
      await expect(wizard.verifyPaths).toHaveValue('/');
      await wizard.verifyEnv.fill('GREETING=hello');
      await expect(page.getByTestId('rebuild-build-command')).toContainText(`docker build -f Dockerfile.lean -t ${leanTag} .`);
      await expect(wizard.buildButton).toBeEnabled();
      await page.screenshot({ path: `${screenshots}/rebuild-plan.png`, fullPage: true });

      // The build: phases, each candidate as it is tried, the verification steps, a log without escapes.
      await wizard.buildButton.click();
      await expect(wizard.buildStep).toBeVisible();
      await expect(wizard.cancelButton).toBeVisible();
      await expect(wizard.log).toContainText(new RegExp(`Step \\d+/\\d+ : FROM ${fullBase}`));
      await expect(wizard.log).toContainText('building c1:', { timeout: 120_000 });
      await expect(wizard.log).toContainText('verifying c1 against', { timeout: 120_000 });
      await expect(wizard.log).toContainText('lean: GET /', { timeout: 60_000 });
      expect(await wizard.log.textContent()).not.toContain(escape);
      await expect(page.getByTestId('rebuild-tried-candidate').first()).toHaveAttribute('data-candidate', 'c1');
      await page.screenshot({ path: `${screenshots}/rebuild-build.png`, fullPage: true });

      // The result: one verdict, the attempts with evidence, the verification, config differences, sizes.
      await expect(wizard.result).toBeVisible({ timeout: 240_000 });
      await expect(wizard.verdict).toHaveAttribute('data-verdict', 'lean');
      await expect(page.getByTestId('rebuild-verdict-title')).toHaveText(/Lean, and verified/);
      await expect(page.getByTestId('rebuild-summary')).toContainText('c1');
      await expect(wizard.attempt('c1').getByTestId('rebuild-attempt-outcome')).toHaveText('chosen');
      await expect(wizard.attempt('c1')).toContainText(runtimeBase);
      await expect(wizard.attempts.nth(1)).toHaveAttribute('data-outcome', 'not-needed');
      await expect(page.getByTestId('rebuild-verify-verdict')).toHaveText('the same behaviour');
      await expect(page.getByTestId('rebuild-verify-summary')).toContainText('GET /');
      await expect(page.getByTestId('rebuild-check').first()).toContainText('same');
      const config = page.getByTestId('rebuild-config-row');
      await expect(config.filter({ hasText: 'User' })).toContainText('explained by: Runs as a new "app" user');
      await expect(config.filter({ hasText: 'Cmd' })).toContainText('explained by: The start script runs without npm');

      const originalBytes = dockerSize(image);
      const leanBytes = dockerSize(leanTag);
      expect(leanBytes).toBeLessThan(originalBytes);
      await expect(page.getByTestId('rebuild-original-size')).toHaveText(formatBytes(originalBytes));
      await expect(page.getByTestId('rebuild-lean-size')).toHaveText(formatBytes(leanBytes));
      await expect(wizard.attempt('c1')).toContainText(formatBytes(leanBytes));
      await expect(page.getByTestId('rebuild-reduction')).toHaveText(`−${formatBytes(originalBytes - leanBytes)}`);
      await expect(page.getByTestId('rebuild-reduction-percent')).toHaveText(
        `−${(((originalBytes - leanBytes) / originalBytes) * 100).toFixed(1)} %`,
      );
      const originalId = docker('image', 'inspect', '-f', '{{.Id}}', image).trim();
      const leanId = docker('image', 'inspect', '-f', '{{.Id}}', leanTag).trim();
      await expect(page.getByTestId('rebuild-compare-link')).toHaveAttribute(
        'href',
        `#/compare/${encodeURIComponent(originalId)}/${encodeURIComponent(leanId)}`,
      );
      await expect(page.getByTestId('rebuild-logs-lean')).toContainText('listening on 3000', { useInnerText: false });
      await expect(wizard.result.getByTestId('export-report')).toBeVisible();
      await expect(page.getByTestId('rebuild-result-command')).toContainText(`-t ${leanTag}`);
      await expect(page.getByTestId('rebuild-bar-lean')).toBeVisible({ timeout: 120_000 });
      await expect(page.getByTestId('rebuild-surface')).toContainText('app');
      await page.screenshot({ path: `${screenshots}/rebuild-result.png`, fullPage: true });

      // The chosen proposal was written beside the original, in the temp copy only.
      expect(fs.readFileSync(path.join(contextDir, 'Dockerfile.lean'), 'utf8')).toContain(`FROM ${runtimeBase}`);
      expect(fs.existsSync(path.join(contextDir, 'Dockerfile.lean.dockerignore'))).toBe(true);
      expect(fs.readdirSync(path.join(fixturesDir, 'rebuild-app')).filter((f) => f.includes('.lean'))).toEqual([]);
      // Verification cleaned up its containers.
      expect(docker('ps', '-a', '-q', '--filter', 'name=layerlens-verify').trim()).toBe('');

      // Again, from the images list: the base, the name and the verification settings are remembered; the
      // lean tag now exists, so a new unused name is offered, and Build runs into no "already exists".
      await page.getByTestId('rebuild-back').click();
      await wizard.openFolder(url, contextDir);
      await wizard.planSettled();
      await expect(wizard.plan.getByTestId('rebuild-bases')).toContainText(`Now: ${runtimeBase}`);
      await expect(wizard.runtimeBase).toHaveValue(runtimeBase);
      await expect(wizard.imageName).toHaveValue(image);
      await expect(wizard.verifyEnv).toHaveValue('GREETING=hello');
      await expect(page.getByTestId('rebuild-image-exists')).toContainText('reused as the original');
      await expect(page.getByTestId('rebuild-lean-tag-renamed')).toContainText(`${leanTag} already names an image`);
      await expect(wizard.leanTag).toHaveValue(secondLean);
      await expect(wizard.replaceTag).not.toBeChecked();
      await expect(page.getByTestId('rebuild-lean-tag-taken')).toContainText('moves the tag');
      await expect(wizard.buildButton).toBeEnabled();
      // A taken name typed by hand: Build waits until a new name is used or the move is asked for in words.
      await wizard.leanTag.fill(leanTag);
      await expect(page.getByTestId('rebuild-use-free-tag')).toHaveText(`Use ${secondLean}`);
      await expect(wizard.buildButton).toBeDisabled();
      await wizard.replaceTag.check();
      await expect(wizard.buildButton).toBeEnabled();
      await wizard.replaceTag.uncheck();
      await expect(wizard.buildButton).toBeDisabled();
      await page.getByTestId('rebuild-use-free-tag').click();
      await expect(wizard.leanTag).toHaveValue(secondLean);
      await expect(page.getByTestId('rebuild-lean-tag-free')).toBeVisible();
      await expect(wizard.buildButton).toBeEnabled();
      await wizard.buildButton.click();
      await expect(wizard.result).toBeVisible({ timeout: 240_000 });
      await expect(wizard.verdict).toHaveAttribute('data-verdict', 'lean');
      await expect(page.getByTestId('rebuild-lean-size')).toHaveText(formatBytes(dockerSize(secondLean)));
      expect(docker('image', 'inspect', '-f', '{{.Id}}', leanTag).trim()).toBe(leanId); // the first lean tag was not moved
    } finally {
      cleanUpRebuild([secondLean, leanTag, image], before, marker);
      fs.rmSync(contextDir, { recursive: true, force: true });
    }
    expect(leftBehind(before, marker)).toEqual([]);
  });

  test('a syntax error shows INVALID_DOCKERFILE with its line and column', async ({ page }) => {
    const contextDir = copyRebuildApp('syntax', `FROM ${fullBase}\nWORKDIR /app\nCOPY\n`);
    const wizard = new RebuildPage(page);
    try {
      await wizard.openFolder(url, contextDir);
      await expect(wizard.planError).toHaveAttribute('data-code', 'INVALID_DOCKERFILE');
      await expect(wizard.planError.getByTestId('rebuild-error-position')).toHaveText(/Line 3, column \d+/);
    } finally {
      fs.rmSync(contextDir, { recursive: true, force: true });
    }
  });

  test('not a Node.js project: the message and the size lint, and no Build button, with the reason', async ({ page }) => {
    const contextDir = copyRebuildApp(
      'lint-only',
      'FROM layerlens-test/debian:bookworm\nRUN apt-get update && apt-get install -y curl\nCMD ["curl", "--version"]\n',
    );
    fs.rmSync(path.join(contextDir, 'package.json'));
    const wizard = new RebuildPage(page);
    try {
      await wizard.openFolder(url, contextDir);
      await wizard.planSettled();
      await expect(page.getByTestId('rebuild-message').first()).toContainText('No package.json');
      await expect(page.getByTestId('rebuild-lint')).toContainText('apt-get install pulls in recommended packages');
      await expect(page.getByTestId('rebuild-not-buildable')).toContainText('Nothing to build');
      await expect(wizard.buildButton).toHaveCount(0);
      await expect(page.getByTestId('rebuild-candidates')).toHaveCount(0);
    } finally {
      fs.rmSync(contextDir, { recursive: true, force: true });
    }
  });

  test('BUILD_FAILED: one heading, the log without escapes, Try again keeps the inputs; Cancel stops every spinner', async ({ page }) => {
    const marker = randomBytes(6).toString('hex');
    const before = imageIds();
    // Both steps print in colour, as many tools do: the wizard shows the text, never the escape codes.
    const failing = copyRebuildApp(
      marker,
      `FROM ${fullBase}\nWORKDIR /app\nCOPY package.json .\nRUN printf '\\033[31mcannot build ${marker}\\033[0m\\n' && false\nCOPY . .\nCMD ["node", "server.js"]\n`,
    );
    const slow = copyRebuildApp(
      marker,
      `FROM ${fullBase}\nWORKDIR /app\nCOPY package.json .\nRUN printf '\\033[32mwaiting ${marker}\\033[0m\\n' && sleep 120\nCOPY . .\nCMD ["node", "server.js"]\n`,
    );
    const tags = [uniqueTag('rebuild-fails'), uniqueTag('rebuild-slow')];
    const wizard = new RebuildPage(page);
    try {
      await wizard.openFolder(url, failing);
      await wizard.planSettled();
      await wizard.chooseRuntimeBase(runtimeBase);
      await wizard.imageName.fill(tags[0]!);
      await wizard.verifyEnv.fill('FOO=bar');
      await wizard.verifyPaths.fill('/ /health');
      await expect(wizard.buildButton).toBeEnabled();
      await wizard.buildButton.click();
      await expect(wizard.error).toHaveAttribute('data-code', 'BUILD_FAILED', { timeout: 60_000 });
      await expect(wizard.error.getByRole('heading')).toHaveCount(1);
      await expect(failureHeadings(page)).toHaveCount(1);
      await expect(wizard.error).toContainText('step 4/6');
      const failedLog = page.getByTestId('rebuild-failed-log');
      await expect(failedLog).toContainText(`cannot build ${marker}`);
      expect(await failedLog.textContent()).not.toContain(escape);
      expect(await wizard.log.textContent()).not.toContain(escape);
      await expect(wizard.phase('build-original')).toHaveAttribute('data-state', 'failed');
      await expect(wizard.spinners).toHaveCount(0);
      await page.screenshot({ path: `${screenshots}/rebuild-failed.png`, fullPage: true });

      // Try again: back to the form, every input kept, to change something first.
      await wizard.retry.click();
      await wizard.planSettled();
      await expect(wizard.imageName).toHaveValue(tags[0]!);
      await expect(wizard.runtimeBase).toHaveValue(runtimeBase);
      await expect(wizard.verifyEnv).toHaveValue('FOO=bar');
      await expect(wizard.verifyPaths).toHaveValue('/ /health');
      await expect(wizard.buildButton).toBeEnabled();

      await page.getByTestId('rebuild-back').click();
      await wizard.openFolder(url, slow);
      await wizard.planSettled();
      await wizard.imageName.fill(tags[1]!);
      await expect(wizard.buildButton).toBeEnabled();
      await wizard.buildButton.click();
      await expect(wizard.log).toContainText(`waiting ${marker}`, { timeout: 60_000 });
      expect(await wizard.log.textContent()).not.toContain(escape);
      await expect(wizard.spinners).not.toHaveCount(0);
      await wizard.cancelButton.click();
      await expect(wizard.error).toHaveAttribute('data-code', 'CANCELLED', { timeout: 30_000 });
      await expect(wizard.spinners).toHaveCount(0);
      await expect(wizard.phase('build-original')).toHaveAttribute('data-state', 'cancelled');
      await expect(failureHeadings(page)).toHaveCount(1);
      await expect(wizard.retry).toHaveText('Back to the settings');
      for (const tag of tags) expect(imageExists(tag)).toBe(false);
      await wizard.retry.click();
      await wizard.planSettled();
      await expect(wizard.imageName).toHaveValue(tags[1]!);
    } finally {
      cleanUpRebuild([...tags, ...tags.map((t) => `${t}-lean`)], before, marker);
      fs.rmSync(failing, { recursive: true, force: true });
      fs.rmSync(slow, { recursive: true, force: true });
    }
    expect(leftBehind(before, marker)).toEqual([]);
  });
});

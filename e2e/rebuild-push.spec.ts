/**
 * "Push to REGISTRY/REPO:TAG" after a lean rebuild, end to end: the real `layerlens serve`, the real engine
 * and a real registry (Debian's docker-registry on 127.0.0.1, test/local-registry.ts). The original is named
 * in that registry, so the lean image is too. The registry already has the lean tag (a stand-in pushed
 * first): the push waits for a confirmation that says it moves the tag, "keep" leaves the registry as it
 * was, and the confirmed push moves the tag to the lean image. The states a real registry cannot be put in
 * on demand (unreachable, a refused login, a push cancelled half-way) are answered by stand-ins for one
 * contract method each. Every image, tag and the registry are removed afterwards.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { expect, test, type Route } from '@playwright/test';
import { LocalRegistry, requireLocalRegistryTools } from '../test/local-registry';
import { RebuildPage } from './pages/rebuild-page';
import { cleanUpRebuild, copyRebuildApp, docker, imageIds } from './rebuild-fixture';

const url = process.env.LAYERLENS_URL!;
const screenshots = 'test-results/screenshots';
const runtimeBase = 'layerlens-test/node-slim:18';
const standIn = 'layerlens-test/busybox:stable';

/** The manifest digest the registry serves for a tag (null when it has none). */
async function remoteDigest(registry: LocalRegistry, repository: string, tag: string): Promise<string | null> {
  const answer = await registry.api('HEAD', `/v2/${repository}/manifests/${tag}`);
  return answer.status === 200 ? String(answer.headers['docker-content-digest']) : null;
}

/** The call's arguments as the page sent them. */
function args(route: Route): unknown[] {
  return JSON.parse(route.request().postData() ?? '[]') as unknown[];
}

test.describe('push after a lean rebuild', () => {
  test.describe.configure({ timeout: 480_000 });
  test.beforeAll(() => requireLocalRegistryTools());

  test('offers the push, asks before moving a tag the registry has, reports failures and a cancel, then pushes', async ({ page }) => {
    const registry = await LocalRegistry.start();
    const marker = randomBytes(6).toString('hex');
    const before = imageIds();
    const contextDir = copyRebuildApp(marker);
    const repository = 'e2e-push-app';
    const tag = `t-${marker}`;
    const image = registry.ref(`${repository}:${tag}`);
    const leanTag = `${image}-lean`;
    const target = registry.ref(`${repository}:${tag}-lean`);
    const wizard = new RebuildPage(page);
    try {
      // The registry already has the lean tag: someone pushed another image under it.
      await registry.push(standIn, `${repository}:${tag}-lean`);
      const standInDigest = await remoteDigest(registry, repository, `${tag}-lean`);
      expect(standInDigest).toMatch(/^sha256:/);

      await wizard.openFolder(url, contextDir);
      await wizard.planSettled();
      await wizard.chooseRuntimeBase(runtimeBase);
      await wizard.imageName.fill(image);
      await expect(wizard.leanTag).toHaveValue(leanTag);
      await expect(wizard.verify).toBeChecked();
      await wizard.verifyEnv.fill('GREETING=hello');
      await expect(wizard.buildButton).toBeEnabled();
      await wizard.buildButton.click();
      await expect(wizard.result).toBeVisible({ timeout: 300_000 });
      await expect(wizard.verdict).toHaveAttribute('data-verdict', 'lean');

      const panel = page.getByTestId('rebuild-push');
      const pushButton = page.getByTestId('rebuild-push-button');
      await expect(panel).toContainText(registry.host);
      await expect(pushButton).toHaveText(`Push to ${target}`);

      // The registry cannot be reached: said so, and nothing else happens.
      await page.route('**/api/call/checkRemoteTag', (route) =>
        route.fulfill({
          json: { ok: false, error: { code: 'SERVER_UNREACHABLE', message: `Cannot reach the registry ${registry.host}: connection refused.` } },
        }),
      );
      await pushButton.click();
      await expect(page.getByTestId('rebuild-push-error')).toHaveAttribute('data-code', 'SERVER_UNREACHABLE');
      await expect(page.getByTestId('rebuild-push-error-title')).toHaveText(`The registry ${registry.host} cannot be reached`);
      await page.unroute('**/api/call/checkRemoteTag');

      // A refused login: what to run. The confirmation came first, and only it asked for replace.
      const pushCalls: unknown[][] = [];
      await page.route('**/api/call/pushImage', (route) => {
        pushCalls.push(args(route));
        return route.fulfill({
          json: {
            ok: false,
            error: {
              code: 'UNAUTHORIZED',
              message: `The registry ${registry.host} refused the push. Log in with \`docker login ${registry.host}\`.`,
            },
          },
        });
      });
      await page.getByTestId('rebuild-push-retry').click();
      const confirm = page.getByTestId('rebuild-push-confirm');
      await expect(confirm).toContainText(`${target} already exists in the registry`);
      await expect(confirm).toContainText(standInDigest!);
      await expect(confirm).toContainText('moves that tag');
      expect(pushCalls).toEqual([]);
      await page.getByTestId('rebuild-push-replace').click();
      await expect(page.getByTestId('rebuild-push-error')).toHaveAttribute('data-code', 'UNAUTHORIZED');
      await expect(page.getByTestId('rebuild-push-error-title')).toHaveText(`The registry ${registry.host} refused: log in first`);
      await expect(page.getByTestId('rebuild-push-error').getByTestId('fix-command')).toHaveText(`docker login ${registry.host}`);
      expect(pushCalls).toHaveLength(1);
      expect(pushCalls[0]![0]).toEqual({ image: target, replace: true });
      await page.unroute('**/api/call/pushImage');

      // Cancel while pushing: the push's own operation is cancelled, and the page says the tag was not written.
      let held: Route | undefined;
      await page.route('**/api/call/pushImage', (route) => {
        held = route;
      });
      const cancelled = page.waitForRequest('**/api/call/cancel');
      await page.getByTestId('rebuild-push-retry').click();
      await page.getByTestId('rebuild-push-replace').click();
      await expect(page.getByTestId('rebuild-push-progress')).toBeVisible();
      await expect.poll(() => held !== undefined).toBe(true);
      const operationId = (args(held!)[1] as { operationId: string }).operationId;
      await page.getByTestId('rebuild-push-cancel').click();
      expect(JSON.parse((await cancelled).postData() ?? '[]')).toEqual([operationId]);
      await held!.fulfill({ json: { ok: false, error: { code: 'CANCELLED', message: 'The operation was cancelled.' } } });
      await expect(page.getByTestId('rebuild-push-cancelled')).toContainText('the tag was not written');
      await page.unroute('**/api/call/pushImage');

      // "Keep the tag": the registry is as it was.
      await pushButton.click();
      await expect(confirm).toBeVisible();
      await page.screenshot({ path: `${screenshots}/rebuild-push-confirm.png`, fullPage: true });
      await page.getByTestId('rebuild-push-keep').click();
      await expect(confirm).toHaveCount(0);
      await expect(pushButton).toBeVisible();
      expect(await remoteDigest(registry, repository, `${tag}-lean`)).toBe(standInDigest);

      // Confirmed: the real push, with progress, moves the tag to the lean image.
      await pushButton.click();
      await page.getByTestId('rebuild-push-replace').click();
      await expect(page.getByTestId('rebuild-pushed')).toBeVisible({ timeout: 120_000 });
      const pushedDigest = (await page.getByTestId('rebuild-pushed-digest').textContent())!;
      expect(pushedDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
      expect(pushedDigest).not.toBe(standInDigest);
      await expect(page.getByTestId('rebuild-pushed')).toContainText('the tag moved');
      expect(await remoteDigest(registry, repository, `${tag}-lean`)).toBe(pushedDigest);
      // What the registry serves is the lean image (its config digest is the lean image's ID).
      const manifest = JSON.parse((await registry.api('GET', `/v2/${repository}/manifests/${tag}-lean`)).body) as { config: { digest: string } };
      expect(manifest.config.digest).toBe(docker('image', 'inspect', '-f', '{{.Id}}', leanTag).trim());
      await page.screenshot({ path: `${screenshots}/rebuild-pushed.png`, fullPage: true });
    } finally {
      cleanUpRebuild([leanTag, image], before, marker);
      fs.rmSync(contextDir, { recursive: true, force: true });
      await registry.stop();
    }
  });
});

/**
 * The browser front door end to end: the real `layerlens serve` against the real engine, with the
 * docker CLI as the independent oracle for sizes.
 */
import { execFileSync } from 'node:child_process';
import { expect, request, test } from '@playwright/test';
import type { ConnectionStatus } from '../src/shared/contract';
import { formatBytes } from '../src/shared/format';
import type { ImageSummary, RemovalPreview } from '../src/shared/contract';
import { uniqueTag } from '../test/docker-fixtures';
import { answer, dropCalls, fail, refuseCalls } from './pages/api-mocks';
import { ImagePage } from './pages/image-page';
import { ImagesPage } from './pages/images-page';

const url = process.env.LAYERLENS_URL!;
const origin = process.env.LAYERLENS_ORIGIN!;
const tag = process.env.LAYERLENS_TEST_IMAGE!;
const imageId = process.env.LAYERLENS_TEST_IMAGE_ID!;
const screenshots = 'test-results/screenshots';
const baseName = 'layerlens-test/debian:bookworm';

function dockerSize(ref: string): number {
  return Number(execFileSync('docker', ['image', 'inspect', '-f', '{{.Size}}', ref], { encoding: 'utf8' }).trim());
}

function exists(ref: string): boolean {
  try {
    execFileSync('docker', ['image', 'inspect', ref], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** A small image of this test's own (the busybox stand-in and one file), removed by the test or after it. */
function buildSmallImage(name: string): { tag: string; id: string } {
  const tag = uniqueTag(name);
  execFileSync('docker', ['build', '-q', '-t', tag, '-'], {
    input: `FROM layerlens-test/busybox:stable\nRUN head -c 1500000 /dev/urandom > /own.bin\n`,
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  return { tag, id: execFileSync('docker', ['image', 'inspect', '-f', '{{.Id}}', tag], { encoding: 'utf8' }).trim() };
}

test.describe('images list', () => {
  test('shows the test image with the size docker reports', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await expect(list.row(imageId)).toBeVisible();
    await expect(list.row(imageId)).toContainText(tag);
    await expect(list.sizeOf(imageId)).toHaveText(formatBytes(dockerSize(tag)));
    await expect(page.getByTestId('images-summary')).toContainText('on disk');
    // The token has done its job once the page loaded: it must not stay in the address bar.
    await expect.poll(() => new URL(page.url()).searchParams.has('token')).toBe(false);
    await list.factsLoaded();
    await page.screenshot({ path: `${screenshots}/images.png`, fullPage: false });
  });

  test('says what each image is built on, what it alone holds and what it shares', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.factsLoaded();
    const row = list.row(imageId);
    await expect(row.getByTestId('image-base')).toHaveText(baseName);
    // Own = the layers no other image has (its three on the base); shared = the base's layer.
    await expect(row.getByTestId('image-own')).toHaveText(formatBytes(dockerSize(tag) - dockerSize(baseName)));
    await expect(row.getByTestId('image-shared')).toHaveText(formatBytes(dockerSize(baseName)));
    // Sorting by own bytes puts the larger owners first.
    await list.sortBy('own');
    await expect(list.sortHeader('own')).toHaveAttribute('aria-sort', 'descending');
  });

  test('hides the dangling images on request', async ({ page }) => {
    const image = (id: string, tags: string[]): ImageSummary => ({
      id: `sha256:${id.repeat(64).slice(0, 64)}`,
      repoTags: tags,
      repoDigests: [],
      created: 1_700_000_000,
      sizeBytes: 1_000_000,
      dangling: tags.length === 0,
      containers: 0,
    });
    await answer(page, 'listImages', { images: [image('a', ['app:1']), image('b', [])], totalDiskBytes: 2_000_000 });
    const list = new ImagesPage(page);
    await list.open(url);
    await expect(list.rows).toHaveCount(2);
    await expect(list.hideDangling).not.toBeChecked();
    await list.hideDangling.check();
    await expect(list.rows).toHaveCount(1);
    await expect(list.rows.first()).toContainText('app:1');
    await expect(page.getByTestId('images-summary')).toContainText('1 shown');
  });

  test('removes an image only after a confirmation of what it frees', async ({ page }) => {
    const own = buildSmallImage('e2e-remove');
    try {
      const list = new ImagesPage(page);
      await list.open(url);
      await list.filter.fill(own.tag);
      const row = list.row(own.id);
      // Cancel: nothing goes.
      await row.getByTestId('remove-image').click();
      await expect(list.dialog).toBeVisible();
      await expect(list.dialog.getByTestId('removal-summary')).toContainText(`frees ${formatBytes(1_500_000)}`, { timeout: 60_000 });
      await expect(list.dialog.getByTestId('removal-image')).toContainText(own.tag);
      await expect(list.dialog.getByTestId('removal-confirm')).toHaveText(`Remove, freeing ${formatBytes(1_500_000)}`);
      await page.keyboard.press('Escape');
      await expect(list.dialog).toBeHidden();
      await expect(page.getByTestId('images-table')).toBeVisible();
      expect(exists(own.tag)).toBe(true);
      // Confirm: it goes, and the page says what was freed.
      await row.getByTestId('remove-image').click();
      await list.dialog.getByTestId('removal-confirm').click();
      await expect(list.dialog).toBeHidden();
      await expect(page.getByTestId('removal-notice')).toContainText(`Removed 1 image, freeing ${formatBytes(1_500_000)}`);
      await expect(row).toHaveCount(0);
      expect(exists(own.tag)).toBe(false);
    } finally {
      if (exists(own.tag)) execFileSync('docker', ['rmi', own.tag]);
    }
  });

  test('prunes the dangling images only with the figure the confirmation showed', async ({ page }) => {
    // Stand-ins: a real prune would take other people's dangling images with it.
    const preview: RemovalPreview = {
      images: [
        { id: `sha256:${'c'.repeat(64)}`, names: ['<none>'], freedBytes: 300_000_000 },
        { id: `sha256:${'d'.repeat(64)}`, names: ['<none>'], freedBytes: 0, blocked: 'used by web (running): remove it first' },
      ],
      freedBytes: 300_000_000,
    };
    await answer(page, 'previewPrune', preview);
    const pruned: unknown[] = [];
    await page.route('**/api/call/pruneImages', async (route) => {
      pruned.push(route.request().postDataJSON());
      await route.fulfill({ json: { ok: true, result: { images: [preview.images[0]], freedBytes: 300_000_000 } } });
    });
    await answer(page, 'listImages', {
      images: [
        {
          id: `sha256:${'c'.repeat(64)}`,
          repoTags: [],
          repoDigests: [],
          created: 1_700_000_000,
          sizeBytes: 300_000_000,
          dangling: true,
          containers: 0,
        },
      ],
      totalDiskBytes: 300_000_000,
    });
    const list = new ImagesPage(page);
    await list.open(url);
    await list.pruneButton.click();
    // The preview waits its turn behind the list's own disk-use questions.
    await expect(list.dialog.getByTestId('removal-summary')).toContainText(`Removes 1 image and frees ${formatBytes(300_000_000)}`, {
      timeout: 60_000,
    });
    await expect(list.dialog.getByTestId('removal-image').nth(1)).toContainText('kept: used by web');
    expect(pruned).toEqual([]);
    await list.dialog.getByTestId('removal-confirm').click();
    await expect(list.dialog).toBeHidden();
    expect(pruned).toEqual([[300_000_000]]);
  });

  test('filters by tag and sorts by name', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.filter.fill(tag);
    await expect(list.rows).toHaveCount(1);
    await expect(list.rows.first()).toHaveAttribute('data-image-id', imageId);

    await list.filter.fill('');
    await list.sortBy('name');
    await expect(list.sortHeader('name')).toHaveAttribute('aria-sort', 'ascending');
    const names = await list.names();
    const named = names.filter((name) => name !== '<none>');
    expect(named).toEqual([...named].sort((a, b) => a.localeCompare(b)));

    await list.sortBy('name');
    await expect(list.sortHeader('name')).toHaveAttribute('aria-sort', 'descending');
    const reversed = (await list.names()).filter((name) => name !== '<none>');
    expect(reversed).toEqual([...named].reverse());
  });

  test('follows the engine: a new tag shows up without a reload', async ({ page }) => {
    // An image of this test's own: its random bytes give it an ID no other run's tags can share.
    const own = buildSmallImage('e2e-live-tag');
    const extraTag = `${own.tag}-live`;
    try {
      const list = new ImagesPage(page);
      await list.open(url);
      await expect(list.row(own.id)).toBeVisible();
      await expect(list.row(own.id)).not.toContainText('+1 tag');
      execFileSync('docker', ['tag', own.tag, extraTag]);
      await expect(list.row(own.id)).toContainText('+1 tag');
      execFileSync('docker', ['rmi', extraTag]);
      await expect(list.row(own.id)).not.toContainText('+1 tag');
    } finally {
      for (const ref of [extraTag, own.tag]) if (exists(ref)) execFileSync('docker', ['rmi', ref]);
    }
  });

  test('arrow keys move between rows and Enter opens', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.rows.first().focus();
    await page.keyboard.press('ArrowDown');
    await expect(list.rows.nth(1)).toBeFocused();
    await page.keyboard.press('ArrowUp');
    await expect(list.rows.first()).toBeFocused();

    await list.filter.fill(tag);
    await list.rows.first().focus();
    await page.keyboard.press('Enter');
    await expect(new ImagePage(page).root).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/image/${encodeURIComponent(imageId)}$`));
  });
});

test.describe('image page', () => {
  test('shows the base split, the layers and the config', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.row(imageId).click();

    const image = new ImagePage(page);
    await expect(image.root).toBeVisible();
    await expect(page.getByTestId('image-title')).toHaveText(tag);
    await expect(image.layerRows).toHaveCount(4);
    await expect(image.baseSplit.getByTestId('base-split-base')).toHaveText(`base ${baseName} — ${formatBytes(dockerSize(baseName))} in 1 layer`);
    await expect(image.baseSplit.getByTestId('base-split-own')).toHaveText(
      `your build — ${formatBytes(dockerSize(tag) - dockerSize(baseName))} in 3 layers`,
    );
    await expect(image.baseSplit.getByTestId('base-split-how')).toHaveText(`Found locally: ${baseName} has the same first layer.`);
    await expect(page.getByTestId('layer-group-own')).toContainText('Your build');
    for (const file of ['random-3mb.bin', 'payload.txt', 'one-mb.bin']) {
      await expect(image.layerWith(file)).toHaveCount(1);
    }

    const payloadLayer = image.layerWith('payload.txt');
    const expand = payloadLayer.getByTestId('layer-expand');
    await expect(expand).toHaveAttribute('aria-expanded', 'false');
    await expand.click();
    await expect(expand).toHaveAttribute('aria-expanded', 'true');
    await expect(payloadLayer.getByTestId('layer-instruction-full')).toContainText('payload.txt');

    await expect(image.config).toContainText('8080/tcp');
    await expect(image.config).toContainText('/opt/app');
    await page.screenshot({ path: `${screenshots}/image.png`, fullPage: true });

    await page.keyboard.press('Backspace');
    await expect(list.table).toBeVisible();
    await expect(image.root).toBeHidden();
  });

  test('the back button returns to the list', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    await list.row(imageId).click();
    const image = new ImagePage(page);
    await expect(image.layerRows).toHaveCount(4);
    await image.backButton.click();
    await expect(list.row(imageId)).toBeVisible();
  });

  test('an unknown image says so', async ({ page }) => {
    const list = new ImagesPage(page);
    await list.open(url);
    // A reload of the tab keeps its token (sessionStorage), though the address no longer shows it.
    await page.goto(`${url}#/image/${encodeURIComponent(`sha256:${'0'.repeat(64)}`)}`);
    await page.reload();
    await expect(page.getByTestId('image-not-found')).toBeVisible();
    // The message's commands are code, not raw backticks.
    await expect(page.getByTestId('image-not-found').locator('.error-message')).not.toContainText('`');
    await expect(page.getByTestId('image-not-found').locator('.error-message code').first()).toHaveText('docker images');
  });

  test('dark theme screenshots', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' });
    const list = new ImagesPage(page);
    await list.open(url);
    await page.screenshot({ path: `${screenshots}/images-dark.png`, fullPage: true });
    await list.row(imageId).click();
    await expect(new ImagePage(page).layerRows).toHaveCount(4);
    await new ImagePage(page).analysed();
    await page.screenshot({ path: `${screenshots}/image-dark.png`, fullPage: true });
  });
});

test.describe('states the real engine cannot be put in', () => {
  // The retry time is set when a test runs, not when the file loads (a long run would make it "now").
  const refusal = (): ConnectionStatus => ({
    state: 'disconnected',
    endpoint: 'unix:///var/run/docker.sock (default socket)',
    error: {
      code: 'DOCKER_PERMISSION_DENIED',
      message: 'Permission denied on unix:///var/run/docker.sock: your user is not in the docker group.',
    },
    nextRetryAt: Date.now() + 60_000,
  });

  test('engine permission error shows the fix and retries on request', async ({ page }) => {
    const refused = refusal();
    await fail(page, 'listImages', { code: 'DOCKER_PERMISSION_DENIED', message: 'no' });
    await answer(page, 'getConnection', refused);
    let reconnects = 0;
    await page.route('**/api/call/reconnect', (route) => {
      reconnects += 1;
      return route.fulfill({ json: { ok: true, result: { ...refused, nextRetryAt: Date.now() + 60_000 } } });
    });
    await page.goto(url);
    const panel = page.getByTestId('engine-error');
    await expect(panel).toContainText(refused.error!.message);
    await expect(panel).toContainText('sudo usermod -aG docker $USER');
    await expect(panel).toContainText(/retrying automatically in \d+ s/i);
    await expect(page.getByTestId('connection-state')).toHaveText('disconnected');
    await page.screenshot({ path: `${screenshots}/engine-error.png`, fullPage: true });
    await page.getByTestId('retry-button').click();
    await expect.poll(() => reconnects).toBe(1);
    await expect(panel).toBeVisible();
  });

  test('Podman not serving its socket: Podman’s fix, not Docker’s, and the bar names Podman', async ({ page }) => {
    const endpoint = 'unix:///run/user/1000/podman/podman.sock (rootless Podman socket)';
    const down: ConnectionStatus = {
      state: 'disconnected',
      endpoint,
      error: {
        code: 'DOCKER_UNREACHABLE',
        message:
          'Podman is not serving its API at unix:///run/user/1000/podman/podman.sock. Start your Podman socket: `systemctl --user enable --now podman.socket`.',
      },
      nextRetryAt: Date.now() + 60_000,
    };
    await fail(page, 'listImages', down.error!);
    await answer(page, 'getConnection', down);
    await answer(page, 'reconnect', down);
    await page.goto(url);
    const panel = page.getByTestId('engine-error');
    await expect(panel).toHaveAttribute('data-engine', 'podman');
    await expect(panel.getByRole('heading')).toHaveText('Cannot talk to Podman');
    await expect(panel.getByTestId('engine-fix').getByTestId('fix-command')).toHaveText(['systemctl --user enable --now podman.socket']);
    await expect(panel).not.toContainText('usermod');
    await expect(panel).not.toContainText('systemctl start docker');
    await expect(panel.getByTestId('engine-endpoint')).toHaveText(`Looking at Podman: ${endpoint}`);
    await expect(page.getByTestId('connection-engine')).toHaveText('Podman');
    await expect(page.getByTestId('connection-state')).toHaveText('disconnected');
    await page.screenshot({ path: `${screenshots}/engine-error-podman.png`, fullPage: true });
  });

  test('connected to Podman: the bar names it', async ({ page }) => {
    await answer(page, 'getConnection', {
      state: 'connected',
      endpoint: 'unix:///run/user/1000/podman/podman.sock (rootless Podman socket)',
      engine: { kind: 'podman', name: 'Podman Engine', version: '4.3.1', apiVersion: '1.41', os: 'linux', arch: 'amd64' },
    });
    await page.goto(url);
    await expect(page.getByTestId('connection-engine')).toHaveAttribute('data-engine', 'podman');
    await expect(page.getByTestId('connection-engine')).toContainText('Podman Engine 4.3.1');
  });

  test('an engine without images shows how to get one', async ({ page }) => {
    await answer(page, 'listImages', { images: [], totalDiskBytes: 0 });
    await page.goto(url);
    await expect(page.getByTestId('empty-state')).toContainText('docker build');
  });

  test('a refused call says to open the printed URL', async ({ page }) => {
    await refuseCalls(page, 401);
    await page.goto(url);
    await expect(page.getByTestId('unauthorized')).toContainText('layerlens serve');
    await expect(page.getByTestId('connection-state')).toHaveText('disconnected');
  });

  test('a stopped server is reported', async ({ page }) => {
    await dropCalls(page);
    await page.goto(url);
    await expect(page.getByTestId('server-unreachable')).toBeVisible();
  });
});

test.describe('server guard', () => {
  test('refuses requests without the token', async () => {
    const anonymous = await request.newContext();
    expect((await anonymous.post(`${origin}/api/call/listImages`, { data: [] })).status()).toBe(401);
    expect((await anonymous.post(`${origin}/api/call/listImages?token=wrong`, { data: [] })).status()).toBe(401);
    await anonymous.dispose();
  });

  test('a tab opened without the token can do nothing and says how to get in', async ({ page }) => {
    await page.goto(`${origin}/`);
    await expect(page.getByTestId('unauthorized')).toBeVisible();
    await expect(page.getByTestId('image-row')).toHaveCount(0);
  });

  test('refuses a foreign Origin even with the token', async () => {
    const token = new URL(url).searchParams.get('token')!;
    const foreign = await request.newContext({ extraHTTPHeaders: { Origin: 'http://evil.example' } });
    expect((await foreign.get(url)).status()).toBe(403);
    const call = await foreign.post(`${origin}/api/call/listImages`, {
      data: [],
      headers: { Authorization: `Bearer ${token}` },
    });
    expect(call.status()).toBe(403);
    await foreign.dispose();
  });
});

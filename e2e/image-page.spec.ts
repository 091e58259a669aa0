/**
 * The image page's promises, against `layerlens serve` and the real engine: the engine's view at
 * once (base apart from the build, layers, config) before the file-level analysis; layer instructions that
 * are the report's, for images of the legacy builder and of BuildKit; "approximate" said when it is; keys
 * that close what is open and never leave the page by accident; and an image removed under the page.
 * Every image here is built by the test, from the busybox stand-in, under a layerlens-test/…:t-… tag.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import type { ImageDetail } from '../src/shared/contract';
import { formatBytes } from '../src/shared/format';
import type { SizeReport } from '../src/shared/report';
import { uniqueTag } from '../test/docker-fixtures';
import { ExplorerPage, ImagePicker } from './pages/explorer-page';
import { ExportReport } from './pages/export-report';
import { ImagePage } from './pages/image-page';

const url = process.env.LAYERLENS_URL!;
const base = 'layerlens-test/busybox:stable';

// BuildKit without buildx: the engine's own CLI builds with it (a newer CLI on the PATH may insist on buildx).
const buildkitCli = fs.existsSync('/usr/bin/docker') ? '/usr/bin/docker' : 'docker';

function docker(args: string[], options: { env?: NodeJS.ProcessEnv; cli?: string } = {}): string {
  return execFileSync(options.cli ?? 'docker', args, { encoding: 'utf8', env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

const inspect = (ref: string, format: string) => docker(['image', 'inspect', '-f', format, ref]);

function exists(ref: string): boolean {
  try {
    docker(['image', 'inspect', ref]);
    return true;
  } catch {
    return false;
  }
}

/** Builds a Dockerfile (with files beside it) under a fresh tag; BuildKit or the legacy builder. */
function build(name: string, dockerfile: string, options: { buildkit?: boolean; files?: Record<string, string> } = {}): { tag: string; id: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-e2e-build-'));
  try {
    fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
    for (const [file, text] of Object.entries(options.files ?? {})) fs.writeFileSync(path.join(dir, file), text);
    const tag = uniqueTag(name);
    docker(['build', '-q', '-t', tag, dir], {
      env: { ...process.env, DOCKER_BUILDKIT: options.buildkit ? '1' : '0' },
      cli: options.buildkit ? buildkitCli : 'docker',
    });
    return { tag, id: inspect(tag, '{{.Id}}') };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function removeTag(tag: string): void {
  if (exists(tag)) docker(['rmi', tag]);
}

/** Holds the analysis back until `release()`, to see what the page shows before it arrives. */
async function holdAnalysis(page: Page): Promise<() => void> {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/api/call/analyzeImage', async (route) => {
    await released;
    await route.continue();
  });
  return release;
}

test.describe('the image page at once, then the analysis', () => {
  test.describe.configure({ timeout: 180_000 });

  test('an image built FROM a stand-in base shows that base by name and its own size, before the analysis', async ({ page }) => {
    const image = build('e2e-own-size', `FROM ${base}\nRUN head -c 2500000 /dev/urandom > /own.bin\nCMD ["sh"]\n`);
    try {
      const release = await holdAnalysis(page);
      const view = new ImagePage(page);
      await view.open(url, image.id);
      // The engine's view, while the analysis is still on its way.
      await expect(view.analysisRunning).toBeVisible();
      const baseLayers = Number(inspect(base, '{{len .RootFS.Layers}}'));
      await expect(view.baseSplit.getByTestId('base-split-base')).toHaveText(
        `base ${base} — ${formatBytes(Number(inspect(base, '{{.Size}}')))} in ${baseLayers === 1 ? '1 layer' : `${baseLayers} layers`}`,
      );
      await expect(view.baseSplit.getByTestId('base-split-own')).toHaveText(`your build — ${formatBytes(2_500_000)} in 1 layer`);
      await expect(view.layerRows).toHaveCount(baseLayers + 1);
      await expect(view.layerWith('head -c 2500000')).toHaveAttribute('data-in-base', 'false');
      await expect(view.config).toContainText('["sh"]');
      await expect(view.headline).toBeHidden();
      release();
      await view.analysed();
      // The analysis fills in; the base split stays what the engine said.
      await expect(view.baseSplit.getByTestId('base-split-own')).toHaveText(`your build — ${formatBytes(2_500_000)} in 1 layer`);
      await expect(page.getByTestId('treemap-box')).toHaveAttribute('data-ready', 'true');
    } finally {
      removeTag(image.tag);
    }
  });

  const dockerfile = [
    `FROM ${base}`,
    'ENV STAGE=one',
    'WORKDIR /app',
    'COPY one.txt /app/one.txt',
    'RUN true',
    'LABEL step=two',
    'WORKDIR /app/sub',
    'RUN head -c 100000 /dev/urandom > /app/sub/data.bin',
    'ENV STAGE=two',
    'RUN rm /app/one.txt',
    'CMD ["sh"]',
    '',
  ].join('\n');

  for (const builder of ['legacy builder', 'BuildKit'] as const) {
    test(`the layer instructions are the report's, for an image of the ${builder}`, async ({ page }) => {
      const image = build(`e2e-history-${builder === 'BuildKit' ? 'buildkit' : 'legacy'}`, dockerfile, {
        buildkit: builder === 'BuildKit',
        files: { 'one.txt': 'one\n' },
      });
      try {
        const release = await holdAnalysis(page);
        const view = new ImagePage(page);
        await view.open(url, image.id);
        // Before the analysis: what the engine's history says, marked where it is a guess.
        const early = await view.layerRows.evaluateAll((rows) =>
          rows.map((row) => ({
            instruction: row.querySelector('[data-testid="layer-instruction"]')!.textContent!,
            approximate: row.querySelector('[data-testid="layer-approximate"]') !== null,
          })),
        );
        release();
        await view.analysed();
        await expect(page.getByTestId('layer-approximate')).toHaveCount(0);
        const shown = await view.instructions();

        const download = await new ExportReport(page).download('JSON');
        const report = JSON.parse(fs.readFileSync((await download.path())!, 'utf8')) as SizeReport;
        const reported = report.images[0].layers.map((layer) => layer.instruction || '(no instruction recorded)');
        expect(shown).toEqual(reported);
        // Every instruction shown at once without "approximate" was already the right one.
        early.forEach((row, i) => {
          if (!row.approximate) expect(row.instruction).toBe(reported[i]);
        });
        expect(reported.some((instruction) => instruction.includes('head -c 100000'))).toBe(true);
      } finally {
        removeTag(image.tag);
      }
    });
  }

  test('says "approximate" while the history match is a guess, and takes the exact instructions from the analysis', async ({ page }) => {
    const image = build('e2e-approximate', `FROM ${base}\nRUN echo x > /x\n`);
    try {
      // The engine cannot be made to give an ambiguous history on demand: the answer says so instead.
      await page.route('**/api/call/inspectImage', async (route) => {
        const response = await route.fetch();
        const envelope = (await response.json()) as { ok: boolean; result: ImageDetail };
        await route.fulfill({ response, json: { ...envelope, result: { ...envelope.result, historyExact: false } } });
      });
      const release = await holdAnalysis(page);
      const view = new ImagePage(page);
      await view.open(url, image.id);
      await expect(page.getByTestId('history-approximate')).toBeVisible();
      await expect(page.getByTestId('layer-approximate').first()).toBeVisible();
      release();
      await view.analysed();
      await expect(page.getByTestId('layer-approximate')).toHaveCount(0);
      await expect(page.getByTestId('history-approximate')).toBeHidden();
    } finally {
      removeTag(image.tag);
    }
  });
});

test.describe('keys on the image page', () => {
  test.describe.configure({ timeout: 180_000 });

  test('Escape closes what is open and never leaves; navigation keys wait for popovers, fields and the treemap', async ({ page }) => {
    const explorer = new ExplorerPage(page);
    await explorer.open(url, process.env.LAYERLENS_TEST_IMAGE_ID!);
    const view = new ImagePage(page);
    const onImagePage = () => expect(page).toHaveURL(/#\/image\//);

    // Export report…: Escape closes it, the focus goes back to its button, the page stays.
    await view.exportButton.click();
    const panel = page.getByRole('dialog', { name: 'Export report' });
    await expect(panel).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await expect(view.exportButton).toBeFocused();
    await onImagePage();
    // Open, then Tab out of it: the focus is elsewhere, and Escape still closes it rather than leaving.
    await view.exportButton.click();
    for (let i = 0; i < 8 && (await panel.evaluate((el) => el.matches(':focus-within'))); i++) await page.keyboard.press('Tab');
    expect(await panel.evaluate((el) => el.matches(':focus-within'))).toBe(false);
    await expect(panel).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(panel).toBeHidden();
    await onImagePage();

    // Compare with…: Backspace in its search field edits the field; Escape closes the picker.
    const picker = new ImagePicker(page, 'compare-with');
    await picker.open();
    await picker.search.fill('ab');
    await page.keyboard.press('Backspace');
    await expect(picker.search).toHaveValue('a');
    await page.keyboard.press('Escape');
    await expect(picker.search).toBeHidden();
    await onImagePage();

    // The file filter: Backspace edits it.
    await explorer.tab('files').click();
    await page.getByTestId('tree-filter').fill('x');
    await page.getByTestId('tree-filter').press('Backspace');
    await onImagePage();
    await explorer.tab('treemap').click();

    // The treemap: Backspace is its own "up", and at the top it does nothing.
    await explorer.treemapBox.focus();
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Escape');
    await onImagePage();

    // Nothing open, focus on the page: Escape stays, Backspace goes back to the list.
    await page.getByTestId('image-title').click();
    await page.keyboard.press('Escape');
    await onImagePage();
    await page.keyboard.press('Backspace');
    await expect(page).toHaveURL(/#\/$/);
    await expect(view.root).toBeHidden();
  });
});

test.describe('an image that leaves the engine', () => {
  test.describe.configure({ timeout: 180_000 });

  test('the page notices `docker rmi` and says so', async ({ page }) => {
    const image = build('e2e-gone', `FROM ${base}\nRUN echo gone > /gone.txt\n`);
    try {
      const view = new ImagePage(page);
      await view.open(url, image.id);
      await expect(view.gone).toBeHidden();
      docker(['rmi', image.tag]);
      await expect(view.gone).toBeVisible({ timeout: 30_000 });
      await expect(view.gone).toHaveAttribute('data-kind', 'removed');
      await expect(view.gone).toContainText(`${image.tag} was removed from the engine`);
      // What needs the image is off; what the page shows stays.
      await expect(page.getByTestId('export-report')).toHaveCount(0);
      await expect(page.getByTestId('compare-with')).toHaveCount(0);
      await expect(view.layerRows.first()).toBeVisible();
    } finally {
      removeTag(image.tag);
    }
  });

  test('a page opened by name notices the name moving to another image', async ({ page }) => {
    const first = build('e2e-moved', `FROM ${base}\nRUN echo first > /which.txt\n`);
    const second = build('e2e-moved-other', `FROM ${base}\nRUN echo second > /which.txt\n`);
    try {
      const view = new ImagePage(page);
      await view.open(url, first.tag);
      await expect(view.gone).toBeHidden();
      docker(['tag', second.tag, first.tag]);
      await expect(view.gone).toHaveAttribute('data-kind', 'moved', { timeout: 30_000 });
      await expect(view.gone).toContainText('now names another image');
      await view.gone.getByRole('button', { name: 'Open the new image' }).click();
      await expect(page).toHaveURL(new RegExp(encodeURIComponent(second.id)));
    } finally {
      removeTag(first.tag);
      removeTag(second.tag);
      // The first image lost its only tag to the second: it is ours, so it goes by id.
      if (exists(first.id)) docker(['rmi', first.id]);
    }
  });
});

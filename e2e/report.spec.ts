/**
 * Exporting a size report from the image page of the real `layerlens serve`: the PDF is printed by the
 * machine's Chromium through the report view and read back with pdftotext; Markdown carries the same figures.
 * A comparison's PDF carries what the Compare page shows: the files, findings and packages that differ.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { formatBytes } from '../src/shared/format';
import { ExportReport } from './pages/export-report';

const url = process.env.LAYERLENS_URL!;
const tag = process.env.LAYERLENS_TEST_IMAGE!;
const imageId = process.env.LAYERLENS_TEST_IMAGE_ID!;
const wasteImageId = process.env.LAYERLENS_WASTE_IMAGE_ID!;

test.describe('export a report from the image page', () => {
  test.beforeEach(async ({ page }) => {
    await page.goto(url);
    await page.getByTestId('image-row').filter({ hasText: tag }).click();
    await expect(page.getByTestId('image-page')).toBeVisible();
  });

  test('as a PDF that holds the image name, its size and the layers', async ({ page }, testInfo) => {
    const download = await new ExportReport(page).download('PDF');
    expect(download.suggestedFilename()).toMatch(/\.pdf$/);
    const file = testInfo.outputPath('report.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' });
    expect(text).toContain(tag);
    const size = Number(execFileSync('docker', ['image', 'inspect', '-f', '{{.Size}}', imageId], { encoding: 'utf8' }));
    // The report shows dive's size (file bytes in the layers), within a few per cent of the engine's.
    const shown = /Image size\s+([\d.]+) MB/.exec(text);
    expect(shown).not.toBeNull();
    expect(Math.abs(Number(shown![1]) * 1e6 - size) / size).toBeLessThan(0.03);
    expect(text).toContain('random-3mb.bin');
    fs.mkdirSync('test-results/screenshots', { recursive: true });
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', file, path.join('test-results', 'screenshots', 'report-from-ui')]);
  });

  test('as Markdown with the same figures', async ({ page }, testInfo) => {
    const download = await new ExportReport(page).download('Markdown');
    const file = testInfo.outputPath('report.md');
    await download.saveAs(file);
    const markdown = fs.readFileSync(file, 'utf8');
    expect(markdown).toContain(tag);
    expect(markdown).toContain(formatBytes(3_000_000));
  });
});

test.describe('export a comparison report from the compare page', () => {
  test.describe.configure({ timeout: 240_000 });

  test('the PDF holds the file, finding and package differences the page shows', async ({ page }, testInfo) => {
    await page.goto(`${url}#/compare/${encodeURIComponent(imageId)}/${encodeURIComponent(wasteImageId)}`);
    await expect(page.getByTestId('compare-delta')).toBeVisible({ timeout: 120_000 });
    await expect(page.getByTestId('findings-appeared')).toContainText('deleted by layer 2');
    const appeared = (await page.getByTestId('findings-appeared').locator('li').first().textContent())!;
    const packages = (await page.getByTestId('package-diff').locator('p').first().textContent())!;

    const download = await new ExportReport(page).download('PDF');
    const file = testInfo.outputPath('compare.pdf');
    await download.saveAs(file);
    const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' ');
    // The file diff, its largest change first, in the page's size format.
    expect(text).toContain('/opt/random-3mb.bin');
    expect(text).toContain(`−${formatBytes(3_000_000)}`);
    expect(text).toContain('/opt/app/data/two-mb.bin');
    // The findings that appeared, as the page names them.
    expect(text).toContain('Appeared in the after image');
    expect(text).toContain('deleted by layer 2');
    expect(text).toContain(formatBytes(4_000_000));
    expect(appeared).toContain(formatBytes(4_000_000));
    // The package difference, in the page's words.
    expect(text).toContain('OS packages');
    expect(text).toContain(packages.replace(/\s+/g, ' ').trim());
    // One size format, a readable date.
    expect(text).not.toMatch(/\d{4,}\.\d\d MB/);
    expect(text).toMatch(/Generated \d{1,2} [A-Z][a-z]+ \d{4}, \d\d:\d\d UTC/);
  });
});

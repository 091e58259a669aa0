/**
 * Exporting a size report from the image page of the real `layerlens serve`: the PDF is printed by the
 * machine's Chromium through the report view and read back with pdftotext; Markdown carries the same figures.
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

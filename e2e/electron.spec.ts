/**
 * The Electron shell itself: runs only where an Electron binary is available (ELECTRON_OVERRIDE_DIST_PATH
 * points at its folder); these machines cannot download one, so elsewhere the specs skip and say why.
 */
import path from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { recordSkipNotice } from '../test/skip-notices';

const distPath = process.env.ELECTRON_OVERRIDE_DIST_PATH;
const reason =
  'Electron specs SKIPPED: ELECTRON_OVERRIDE_DIST_PATH is not set, and Electron cannot download its binary ' +
  'on this machine. Set it to a folder holding the `electron` binary to run them.';
if (!distPath) recordSkipNotice(reason);

test.describe('Electron app', () => {
  test.skip(!distPath, reason);

  test('opens the window with a locked-down renderer that sees only window.layerlens', async () => {
    const app = await electron.launch({
      executablePath: path.join(distPath!, 'electron'),
      args: [path.resolve(import.meta.dirname, '..'), '--no-sandbox', '--disable-gpu'],
    });
    try {
      const window = await app.firstWindow();
      await expect(window).toHaveTitle('LayerLens');
      const exposure = await window.evaluate(() => ({
        hasApi: typeof (window as unknown as { layerlens?: unknown }).layerlens === 'object',
        hasRequire: typeof (window as unknown as { require?: unknown }).require !== 'undefined',
        hasProcess: typeof (window as unknown as { process?: unknown }).process !== 'undefined',
      }));
      expect(exposure).toEqual({ hasApi: true, hasRequire: false, hasProcess: false });
      const info = await window.evaluate(async () => {
        const bridge = (window as unknown as { layerlens: { getAppInfo(): Promise<unknown> } }).layerlens;
        return bridge.getAppInfo();
      });
      expect(info).toMatchObject({ ok: true, result: { name: 'LayerLens', frontDoor: 'electron' } });
      await expect(window.getByTestId('image-row').filter({ hasText: process.env.LAYERLENS_TEST_IMAGE! })).toBeVisible();
    } finally {
      await app.close();
    }
  });
});

/**
 * PDF through a headless Chromium found on the machine (never downloaded), driven by playwright-core: load
 * the report view, wait for its ready signal, print. Used by the CLI and `serve`; the desktop app prints
 * with Electron's own `printToPDF` (src/main/report-pdf.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { cancelledError, LayerLensError } from '../../shared/errors';
import type { PaperSize } from '../../shared/report';

// Chromium's sandbox cannot run as root, so it is turned off only there (CI, containers); a user's own
// Chromium keeps it while it renders content that comes from an image.
const runsAsRoot = process.getuid?.() === 0;
export const chromiumArgs = [
  ...(runsAsRoot ? ['--no-sandbox'] : []),
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
];

const candidateNames = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not here
    }
  }
  return undefined;
}

function executable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/**
 * `--chromium PATH`, then LAYERLENS_CHROMIUM, then /usr/bin/chromium, then chromium-browser, google-chrome
 * on the PATH. An explicit choice that does not exist is an error (not silently replaced).
 */
export function findChromium(explicit?: string, env: NodeJS.ProcessEnv = process.env): string {
  const chosen = explicit ?? env.LAYERLENS_CHROMIUM;
  if (chosen) {
    if (executable(chosen)) return chosen;
    throw new LayerLensError('INVALID_ARGUMENT', `No Chromium at ${chosen} (from ${explicit ? '--chromium' : 'LAYERLENS_CHROMIUM'}).`);
  }
  const tried: string[] = [];
  if (executable('/usr/bin/chromium')) return '/usr/bin/chromium';
  tried.push('/usr/bin/chromium');
  for (const name of candidateNames) {
    const found = onPath(name, env);
    if (found) return found;
    tried.push(`${name} on the PATH`);
  }
  throw new LayerLensError(
    'INVALID_ARGUMENT',
    `A PDF needs Chromium or Chrome, and none was found (tried ${tried.join(', ')}). Install one (e.g. \`apt-get install chromium\`) or name it with --chromium PATH or LAYERLENS_CHROMIUM.`,
  );
}

/** What the page functions below touch (this file is compiled without DOM types; they run in the page). */
interface InPage {
  document: { body: { dataset: Record<string, string | undefined> } };
}

/** The report view's ready signal: 'true', or 'error' with `reportError`. Functions, not strings: the
 * page's CSP forbids eval. */
function readyState(): string | undefined {
  const state = (globalThis as unknown as InPage).document.body.dataset.reportReady;
  return state === 'true' || state === 'error' ? state : undefined;
}

export interface PrintPageOptions {
  executablePath: string;
  paper: PaperSize;
  signal?: AbortSignal;
  /** How long the page may take to say it is ready (default 60 s). */
  timeoutMs?: number;
}

/** Opens `url`, waits for `document.body.dataset.reportReady`, prints it. */
export async function printPageToPdf(url: string, options: PrintPageOptions): Promise<Uint8Array> {
  const timeout = options.timeoutMs ?? 60_000;
  // The driver is loaded when a PDF is printed: nothing else in a process pays for it.
  const { chromium } = await import('playwright-core');
  let browser: Browser;
  try {
    browser = await chromium.launch({ executablePath: options.executablePath, args: chromiumArgs, timeout });
  } catch (error) {
    throw new LayerLensError('INTERNAL', `Could not start ${options.executablePath}.`, (error as Error).message);
  }
  const onAbort = () => void browser.close();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const page = await browser.newPage({ viewport: { width: 1100, height: 1400 }, colorScheme: 'light' });
    await page.emulateMedia({ media: 'print' });
    await page.goto(url, { waitUntil: 'load', timeout });
    const handle = await page.waitForFunction(readyState, undefined, { timeout });
    if ((await handle.jsonValue()) === 'error') {
      const message = await page.evaluate(() => (globalThis as unknown as InPage).document.body.dataset.reportError ?? 'unknown error');
      throw new LayerLensError('INTERNAL', 'The report view could not show the report.', message);
    }
    const pdf = await page.pdf({
      format: options.paper === 'letter' ? 'Letter' : 'A4',
      printBackground: true,
      preferCSSPageSize: true,
    });
    return new Uint8Array(pdf);
  } catch (error) {
    if (options.signal?.aborted) throw cancelledError();
    throw error;
  } finally {
    options.signal?.removeEventListener('abort', onAbort);
    await browser.close().catch(() => undefined);
  }
}

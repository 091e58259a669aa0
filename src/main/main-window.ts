import { BrowserWindow, nativeTheme } from 'electron';
import { pathToFileURL } from 'node:url';
import { isTrustedRendererUrl } from './trusted-sender';

export interface WindowOptions {
  preload: string;
  /** The dev server URL under `electron-vite dev`; otherwise the built index.html is loaded. */
  rendererUrl?: string;
  indexHtml: string;
}

export function createMainWindow(options: WindowOptions): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: 'LayerLens',
    backgroundColor: nativeTheme.shouldUseDarkColors ? '#15171c' : '#f7f7f9',
    show: false,
    webPreferences: {
      preload: options.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
    },
  });
  window.once('ready-to-show', () => window.show());

  // The renderer is a single page: any navigation away from it is refused.
  window.webContents.on('will-navigate', (event, url) => {
    if (!isTrustedRendererUrl(url, options.rendererUrl ?? pathToFileURL(options.indexHtml).href)) event.preventDefault();
  });
  if (options.rendererUrl) void window.loadURL(options.rendererUrl);
  else void window.loadFile(options.indexHtml);
  return window;
}

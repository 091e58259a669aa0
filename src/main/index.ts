/**
 * Electron main: a thin shell. It starts the core, adapts the contract to IPC and opens the window;
 * everything else lives in core and renderer.
 */
import { app, shell, type BrowserWindow } from 'electron';
import { chooseFolderWithDialog } from './folder-dialog';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLayerLensCore } from '../core/api/layerlens-core';
import { exposeCoreOverIpc } from './ipc-adapter';
import { createMainWindow } from './main-window';
import { electronReportHost } from './report-pdf';

app.enableSandbox();

// Every web contents (the main window, the hidden report printer) refuses new windows; registered before
// any window exists, since the event fires inside the BrowserWindow constructor.
app.on('web-contents-created', (_event, contents) => {
  contents.setWindowOpenHandler(({ url }) => {
    if (url.startsWith('https://')) void shell.openExternal(url);
    return { action: 'deny' };
  });
});

app.whenReady().then(() => {
  const rendererUrl = process.env.ELECTRON_RENDERER_URL;
  const indexHtml = path.join(__dirname, '../renderer/index.html');
  const preload = path.join(__dirname, '../preload/index.cjs');
  // The save dialog belongs to the window, which is made after the core it shows.
  const shown: { window?: BrowserWindow } = {};
  const core = createLayerLensCore({
    frontDoor: 'electron',
    watch: true,
    host: { chooseFolder: chooseFolderWithDialog, ...electronReportHost({ preload, rendererUrl, indexHtml, parent: () => shown.window }) },
  });
  const window = createMainWindow({ preload, rendererUrl, indexHtml });
  shown.window = window;
  exposeCoreOverIpc(core, window, rendererUrl ?? pathToFileURL(indexHtml).href);
  void core.start();
  app.on('window-all-closed', () => {
    core.close();
    app.quit();
  });
});

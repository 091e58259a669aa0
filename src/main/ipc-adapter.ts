/**
 * The IPC adapter of the contract: one `layerlens:<method>` channel per contract method, answered with an
 * envelope, and contract events forwarded on `layerlens:event`. Calls from any frame that is not our own
 * renderer are refused.
 */
import { ipcMain, type BrowserWindow } from 'electron';
import { apiMethods, eventNames, type EventMessage, type EventSource, type LayerLensApi } from '../shared/contract';
import { dispatch } from '../core/api/dispatch';
import { eventChannel, methodChannel } from '../shared/ipc-channels';
import { isTrustedRendererUrl } from './trusted-sender';

export function exposeCoreOverIpc(api: LayerLensApi & EventSource, window: BrowserWindow, rendererUrl: string): void {
  for (const method of apiMethods) {
    ipcMain.handle(methodChannel(method), (event, ...args: unknown[]) => {
      if (!isTrustedRendererUrl(event.senderFrame?.url, rendererUrl)) {
        return { ok: false, error: { code: 'UNAUTHORIZED', message: 'IPC call from an untrusted frame refused.' } };
      }
      return dispatch(api, method, args);
    });
  }
  for (const event of eventNames) {
    api.on(event, (payload) => {
      const message: EventMessage = { event, payload };
      if (!window.isDestroyed()) window.webContents.send(eventChannel, message);
    });
  }
}

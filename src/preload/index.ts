/** Exposes the contract (as envelopes) and its events as `window.layerlens`, and nothing else. */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { apiMethods, type EventMessage, type EventName, type LayerLensEvents } from '../shared/contract';
import { eventChannel, methodChannel } from '../shared/ipc-channels';

const remote: Record<string, unknown> = {
  on<K extends EventName>(event: K, listener: (payload: LayerLensEvents[K]) => void) {
    const handler = (_: IpcRendererEvent, message: EventMessage) => {
      if (message.event === event) listener(message.payload as LayerLensEvents[K]);
    };
    ipcRenderer.on(eventChannel, handler);
    return () => ipcRenderer.removeListener(eventChannel, handler);
  },
};
for (const method of apiMethods) {
  remote[method] = (...args: unknown[]) => ipcRenderer.invoke(methodChannel(method), ...args);
}

contextBridge.exposeInMainWorld('layerlens', remote);

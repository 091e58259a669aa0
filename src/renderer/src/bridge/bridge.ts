/** Picks the way to the backend: Electron's preload when present, `layerlens serve`'s HTTP API otherwise. */
import type { LayerLensClient } from '../../../shared/contract';
import { createClient, transportOf, type RemoteApi } from '../../../shared/envelope';
import { httpTransport } from './http-transport';
import { LinkMonitor } from './link';
import { socketEvents } from './socket-events';
import { takeTokenFromAddressBar } from './token-url';

declare global {
  interface Window {
    layerlens?: RemoteApi;
  }
}

export interface Bridge {
  client: LayerLensClient;
  link: LinkMonitor;
}

export function createBridge(): Bridge {
  const link = new LinkMonitor();
  if (window.layerlens) return { client: createClient(transportOf(window.layerlens), window.layerlens), link };
  takeTokenFromAddressBar();

  // The socket's callbacks only run once the socket has opened or closed, after `client` exists.
  const events = socketEvents({
    // Events sent while the socket was down are lost: catch up on the connection state.
    onOpen: (reopened) => {
      if (reopened) void refreshConnection();
    },
    // A closed socket may mean the server is gone: one call tells the link monitor which it is.
    onClose: () => void refreshConnection(),
  });
  const client = createClient(httpTransport(link), events);

  async function refreshConnection(): Promise<void> {
    try {
      events.emitter.emit('connection', await client.getConnection());
    } catch {
      // The transport already reported the failure to the link monitor.
    }
  }
  return { client, link };
}

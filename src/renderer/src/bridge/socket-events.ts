/**
 * Contract events over `layerlens serve`'s WebSocket. The socket reconnects with backoff on its own;
 * `onReopen` lets the caller catch up on what it missed while the socket was down.
 */
import type { EventMessage, EventSource, LayerLensEvents } from '../../../shared/contract';
import { eventNames } from '../../../shared/contract';
import { Emitter } from '../../../shared/emitter';
import { sessionToken } from './token-url';

const firstDelayMs = 500;
const maxDelayMs = 10_000;

export interface SocketEvents extends EventSource {
  emitter: Emitter<LayerLensEvents>;
}

export function socketEvents(hooks: { onOpen: (reopened: boolean) => void; onClose: () => void }): SocketEvents {
  const emitter = new Emitter<LayerLensEvents>();
  let delay = firstDelayMs;
  let opened = false;

  const connect = () => {
    // Browsers cannot set headers on a WebSocket: the token goes in the query.
    const query = `?token=${encodeURIComponent(sessionToken() ?? '')}`;
    const socket = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/events${query}`);
    socket.onopen = () => {
      delay = firstDelayMs;
      hooks.onOpen(opened);
      opened = true;
    };
    socket.onmessage = (message) => {
      let parsed: EventMessage;
      try {
        parsed = JSON.parse(String(message.data)) as EventMessage;
      } catch {
        return;
      }
      if ((eventNames as readonly string[]).includes(parsed.event)) {
        emitter.emit(parsed.event, parsed.payload as never);
      }
    };
    socket.onclose = () => {
      hooks.onClose();
      setTimeout(connect, delay);
      delay = Math.min(delay * 2, maxDelayMs);
    };
  };
  connect();

  return { emitter, on: emitter.on.bind(emitter) };
}

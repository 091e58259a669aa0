/** Calls the contract over `layerlens serve`'s HTTP API; every failure comes back as an envelope. */
import type { CallTransport, Envelope } from '../../../shared/envelope';
import type { ApiErrorData } from '../../../shared/errors';
import type { LinkMonitor } from './link';
import { sessionToken } from './token-url';

export const unauthorizedMessage =
  'This page is not authorised to talk to LayerLens. Open the URL (with its ?token=…) that “layerlens serve” printed in the terminal.';

export const unreachableMessage = 'Cannot reach the LayerLens server. Is “layerlens serve” still running? Start it again and open the URL it prints.';

function failure(error: ApiErrorData): Envelope<never> {
  return { ok: false, error };
}

export function httpTransport(link: LinkMonitor): CallTransport {
  return async (method, args) => {
    let response: Response;
    try {
      response = await fetch(`/api/call/${method}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${sessionToken() ?? ''}` },
        body: JSON.stringify(args),
      });
    } catch (error) {
      link.set({ kind: 'unreachable', message: unreachableMessage });
      return failure({ code: 'SERVER_UNREACHABLE', message: unreachableMessage, detail: String(error) });
    }
    if (response.status === 401 || response.status === 403) {
      link.set({ kind: 'unauthorized', message: unauthorizedMessage });
      return failure({ code: 'UNAUTHORIZED', message: unauthorizedMessage, detail: await response.text() });
    }
    link.set({ kind: 'ok' });
    try {
      return (await response.json()) as Envelope<never>;
    } catch {
      return failure({
        code: 'INTERNAL',
        message: `The server answered ${response.status} without a LayerLens envelope.`,
      });
    }
  };
}

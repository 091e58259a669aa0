/** The engine connection as the backend reports it, kept current by `connection` events. */
import { useCallback, useEffect, useState } from 'react';
import type { ConnectionStatus } from '../../../shared/contract';
import { useClient } from './bridge-context';

export interface Connection {
  status?: ConnectionStatus;
  /** Ask the backend again (e.g. after the server came back). */
  refresh: () => Promise<void>;
  /** The Retry button: look for the engine again now. */
  reconnect: () => Promise<void>;
}

export function useConnection(): Connection {
  const client = useClient();
  const [status, setStatus] = useState<ConnectionStatus>();

  const refresh = useCallback(async () => {
    try {
      setStatus(await client.getConnection());
    } catch {
      // Only the link to the server can fail here; the link panel says so.
    }
  }, [client]);

  const reconnect = useCallback(async () => {
    setStatus((current) => current && { ...current, state: 'connecting', nextRetryAt: undefined });
    try {
      setStatus(await client.reconnect());
    } catch {
      await refresh();
    }
  }, [client, refresh]);

  useEffect(() => {
    const off = client.on('connection', setStatus);
    client.getConnection().then(setStatus, () => undefined);
    return off;
  }, [client]);

  return { status, refresh, reconnect };
}

import { createContext, useContext, useSyncExternalStore } from 'react';
import type { Bridge } from '../bridge/bridge';
import type { LinkState } from '../bridge/link';
import type { LayerLensClient } from '../../../shared/contract';

export const BridgeContext = createContext<Bridge | null>(null);

function useBridge(): Bridge {
  const bridge = useContext(BridgeContext);
  if (!bridge) throw new Error('BridgeContext is not provided.');
  return bridge;
}

export function useClient(): LayerLensClient {
  return useBridge().client;
}

export function useLink(): LinkState {
  const { link } = useBridge();
  return useSyncExternalStore(link.subscribe, link.get);
}

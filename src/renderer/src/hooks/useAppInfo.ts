import { useEffect, useState } from 'react';
import type { AppInfo } from '../../../shared/contract';
import { useClient } from './bridge-context';

export function useAppInfo(): AppInfo | undefined {
  const client = useClient();
  const [info, setInfo] = useState<AppInfo>();
  useEffect(() => {
    client.getAppInfo().then(setInfo, () => undefined);
  }, [client]);
  return info;
}

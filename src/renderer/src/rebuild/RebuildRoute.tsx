/** The `#/rebuild…` page: the wizard for the address, keyed so a new address starts a new wizard. */
import { useSyncExternalStore } from 'react';
import type { ImageSummary } from '../../../shared/contract';
import { imageHash } from '../hooks/useHashRoute';
import { parseRebuildHash } from './rebuild-route';
import { RebuildWizard } from './RebuildWizard';

function subscribe(listener: () => void): () => void {
  window.addEventListener('hashchange', listener);
  return () => window.removeEventListener('hashchange', listener);
}

export function RebuildRoute({ images }: { images?: ImageSummary[] }) {
  const hash = useSyncExternalStore(subscribe, () => location.hash);
  const route = parseRebuildHash(hash);
  const back = () => {
    location.hash = route.from === 'image' ? imageHash(route.ref) : '#/';
  };
  return <RebuildWizard key={hash} route={route} images={images} onBack={back} />;
}

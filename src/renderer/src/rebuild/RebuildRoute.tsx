/** The `#/rebuild…` page: the wizard for the address, keyed so a new address starts a new wizard. */
import type { ImageSummary } from '../../../shared/contract';
import { imageHash } from '../router/routes';
import type { RebuildRoute as Address } from './rebuild-route';
import { RebuildWizard } from './RebuildWizard';

export function RebuildRoute({ route, hash, images }: { route: Address; hash: string; images?: ImageSummary[] }) {
  const back = () => {
    location.hash = route.from === 'image' ? imageHash(route.ref) : '#/';
  };
  return <RebuildWizard key={hash} route={route} images={images} onBack={back} />;
}

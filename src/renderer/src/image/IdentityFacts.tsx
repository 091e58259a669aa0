/** The ID and size facts of an image's header, alike for engine and registry images. */
import { formatBytes, shortId } from '../../../shared/format';
import { plural } from '../lib/plural';

export function IdentityFacts({ id, sizeBytes, layers, sizeTitle }: { id: string; sizeBytes: number; layers: number; sizeTitle: string }) {
  return (
    <>
      <div>
        <dt>ID</dt>
        <dd className="mono selectable" data-testid="image-id" title={id}>
          {shortId(id)}
        </dd>
      </div>
      <div>
        <dt>Size</dt>
        <dd data-testid="image-size" title={sizeTitle}>
          {formatBytes(sizeBytes)} in {plural(layers, 'layer')}
        </dd>
      </div>
    </>
  );
}

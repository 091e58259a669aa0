/**
 * The headline of the page, from inspect alone: "base node:18 — 1.25 GB in 5 layers, + your build — 60 MB
 * in 3 layers", how the base was found, and the smaller local bases when there are.
 */
import { formatBytes } from '../../../shared/format';
import { bytesInLayers, howFound, type BaseSplit } from './base-split';

export function BaseSplitLine({ split }: { split: BaseSplit }) {
  return (
    <section className="base-split" data-testid="base-split" data-how={split.how} aria-label="Base image and your build">
      <p className="base-split-figures">
        {split.split ? (
          <>
            <span className="split-part split-base" data-testid="base-split-base">
              base <strong>{split.baseName}</strong> — {bytesInLayers(split.baseBytes, split.baseLayers)}
            </span>
            <span className="split-plus">, + </span>
            <span className="split-part split-own" data-testid="base-split-own">
              your build — <strong>{bytesInLayers(split.ownBytes, split.ownLayers)}</strong>
            </span>
          </>
        ) : (
          <>
            <span className="split-part split-base" data-testid="base-split-base">
              {split.how === 'label' ? (
                <>
                  base <strong>{split.baseName}</strong> (named by its label)
                </>
              ) : (
                <strong>unknown base</strong>
              )}
            </span>
            <span className="split-part" data-testid="base-split-own">
              {', '}whole image — {bytesInLayers(split.totalBytes, split.ownLayers)}
            </span>
          </>
        )}
      </p>
      <p className="muted small" data-testid="base-split-how">
        {howFound(split)}
        {split.smaller.length > 0 && (
          <span data-testid="base-split-smaller">
            {' '}
            Smaller bases on this machine: {split.smaller.map((base) => `${base.name} (${formatBytes(base.sizeBytes)})`).join(', ')}.
          </span>
        )}
      </p>
    </section>
  );
}

/**
 * Files a later layer only chmod/chown-ed: the same content with another mode or owner, so the whole
 * file is stored again. Attributed to the rewriting layer; the bytes are the copy a fix avoids.
 */
import type { FindingContext, RawFinding, StoredRef } from './finding';
import { makeFinding, plural } from './finding';

export function permissionRewriteFindings(context: FindingContext): RawFinding[] {
  const byLayer = new Map<number, StoredRef[]>();
  const { hidden } = context.replay;
  for (let i = 0; i < hidden.length; i++) {
    if (!hidden.metadataOnly(i) || hidden.bytes(i) <= 0) continue;
    const refs = byLayer.get(hidden.hiddenBy(i)) ?? [];
    refs.push({ layer: hidden.layer(i), path: hidden.path(i), bytes: hidden.bytes(i), row: hidden.row(i) });
    byLayer.set(hidden.hiddenBy(i), refs);
  }
  return [...byLayer].map(([layer, refs]) =>
    makeFinding(
      context,
      {
        category: 'permission-rewrite',
        title: `${plural(refs.length, 'file')} copied again by a permission/owner change in layer ${layer}`,
        fix: 'Set mode and owner where the file is created: `COPY --chmod=755 --chown=app:app …`, or run chmod/chown in the same RUN that writes the file. A later `RUN chmod`/`chown` stores the whole file again.',
        layerIndex: layer,
      },
      refs,
    ),
  );
}

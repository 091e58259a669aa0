/**
 * Bytes a layer stores that a later layer deletes or overwrites: they stay in the earlier layer. One
 * finding per (storing layer, hiding layer). chmod/chown-only rewrites are permission-rewrite findings.
 */
import type { HiddenCopies } from '../true-waste';
import type { FindingContext, RawFinding, StoredRefs } from './finding';
import { instructionOf, makeFinding, plural } from './finding';

/** Some of a replay's hidden copies, named by their position there: 4 bytes a copy, not an object. */
class HiddenRefs implements StoredRefs {
  readonly positions: number[] = [];

  constructor(private readonly hidden: HiddenCopies) {}

  get length(): number {
    return this.positions.length;
  }

  layer(i: number): number {
    return this.hidden.layer(this.positions[i]);
  }

  path(i: number): string {
    return this.hidden.path(this.positions[i]);
  }

  bytes(i: number): number {
    return this.hidden.bytes(this.positions[i]);
  }

  row(i: number): number {
    return this.hidden.row(this.positions[i]);
  }
}

export function hiddenByLaterLayerFindings(context: FindingContext): RawFinding[] {
  const groups = new Map<string, { layer: number; by: number; deleted: number; refs: HiddenRefs }>();
  const { hidden } = context.replay;
  for (let i = 0; i < hidden.length; i++) {
    const [layer, by, bytes] = [hidden.layer(i), hidden.hiddenBy(i), hidden.bytes(i)];
    if (hidden.metadataOnly(i) || bytes <= 0) continue;
    const key = `${layer}:${by}`;
    let group = groups.get(key);
    if (!group) {
      group = { layer, by, deleted: 0, refs: new HiddenRefs(hidden) };
      groups.set(key, group);
    }
    if (hidden.reason(i) !== 'overwritten') group.deleted += 1;
    group.refs.positions.push(i);
  }
  return [...groups.values()].map((group) => {
    const by = instructionOf(context, group.by);
    const what = group.deleted === group.refs.length ? 'deleted' : group.deleted === 0 ? 'overwritten' : 'deleted or overwritten';
    const sameLayer = group.layer === group.by;
    return makeFinding(
      context,
      {
        category: 'hidden-by-later-layer',
        title: sameLayer
          ? `${plural(group.refs.length, 'file')} written twice within layer ${group.layer}`
          : `${plural(group.refs.length, 'file')} from layer ${group.layer} ${what} by layer ${group.by}`,
        fix: sameLayer
          ? 'The layer tar holds the same path twice; write each file once.'
          : `Layer ${group.by} (\`${by}\`) ${what === 'overwritten' ? 'overwrites' : 'removes'} these files, but their bytes stay in layer ${group.layer}. ` +
            `Delete temporary files in the same RUN that created them (\`… && rm -rf …\`), write the final version in one step, or build them in a separate stage.`,
        layerIndex: group.layer,
      },
      group.refs,
    );
  });
}

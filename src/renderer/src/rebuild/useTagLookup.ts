/**
 * Whether an image name is taken, asked of the engine (`inspectImage`; IMAGE_NOT_FOUND means free) as the
 * user types, and for a taken lean tag the first unused alternative. Build asks once more right before it
 * starts (`lookupTag`), so it never runs into "already exists".
 */
import { useEffect, useState } from 'react';
import type { LayerLensClient } from '../../../shared/contract';
import { toErrorData } from '../../../shared/errors';
import { findFreeTag, tagProblem, type TagLookup } from './lean-tag';

export async function lookupTag(client: LayerLensClient, ref: string): Promise<TagLookup> {
  const name = ref.trim();
  const problem = tagProblem(name);
  if (problem) return { kind: 'invalid', message: problem };
  try {
    const detail = await client.inspectImage(name);
    return { kind: 'exists', id: detail.id };
  } catch (error) {
    const data = toErrorData(error);
    if (data.code === 'IMAGE_NOT_FOUND') return { kind: 'free' };
    if (data.code === 'INVALID_ARGUMENT') return { kind: 'invalid', message: data.message };
    return { kind: 'unknown', message: data.message };
  }
}

export interface TagCheck {
  ref: string;
  lookup: TagLookup;
  /** For a taken name (when asked for): the first free `<name>-2`, `-3`…, or null when none was found. */
  free?: string | null;
}

/**
 * The check of `ref` (undefined while it is being asked). `generation` asks again for the same name (after a
 * build made it exist).
 */
export function useTagLookup(client: LayerLensClient, ref: string, options: { findFree?: boolean; generation?: number } = {}): TagCheck | undefined {
  const { findFree = false, generation = 0 } = options;
  const [checked, setChecked] = useState<TagCheck & { generation: number }>();
  useEffect(() => {
    if (ref.trim() === '') return;
    let live = true;
    const timer = setTimeout(() => {
      void (async () => {
        const lookup = await lookupTag(client, ref);
        const free = findFree && lookup.kind === 'exists' ? await findFreeTag(ref.trim(), (r) => lookupTag(client, r)) : undefined;
        if (live) setChecked({ ref, lookup, ...(free !== undefined ? { free } : {}), generation });
      })();
    }, 250);
    return () => {
      live = false;
      clearTimeout(timer);
    };
  }, [client, ref, findFree, generation]);
  if (ref.trim() === '') return { ref, lookup: { kind: 'invalid', message: 'A name is needed.' } };
  return checked?.ref === ref && checked.generation === generation ? checked : undefined;
}

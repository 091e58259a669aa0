/**
 * One vocabulary for what a layer did to a path, shared by the Files tab (letters), the treemap (colours,
 * tooltip) and their legends, so the two never disagree. What a status is relative to depends on the view:
 * the layer that wrote the path (whole image, one layer) or the selected layer (up to a layer).
 */
import type { FileChange } from '../../../shared/analysis';
import type { ByteStatus } from '../../../shared/explore';

export type Status = FileChange | 'wasted';

export interface StatusStyle {
  /** The Files tab's badge; none for unchanged entries. */
  letter?: string;
  name: string;
  color: string;
}

export const statusStyles: Record<Status, StatusStyle> = {
  added: { letter: 'A', name: 'Added', color: '#16a34a' },
  modified: { letter: 'M', name: 'Modified', color: '#d97706' },
  removed: { letter: 'R', name: 'Removed', color: '#dc2626' },
  unmodified: { name: 'Unchanged', color: '#64748b' },
  wasted: { letter: 'W', name: 'Waste (hidden by a later layer)', color: '#c026d3' },
};

/** Whose change a status is: the selected layer's ("up to layer N"), or the layer that wrote the path. */
export type StatusFrame = { kind: 'writer' } | { kind: 'selected'; layer: number };

/** "Added by layer 3", "Unchanged by layer 5 (it comes from a layer below)", for a file or a folder's bytes. */
export function statusPhrase(status: ByteStatus | FileChange, writer: number, frame: StatusFrame): string {
  const layer = frame.kind === 'selected' ? frame.layer : writer;
  switch (status) {
    case 'added':
      return `Added by layer ${layer}`;
    case 'modified':
      return `Modified by layer ${layer} (it replaced an earlier copy)`;
    case 'removed':
      return `Removed by layer ${layer}`;
    case 'wasted':
      return `Stored by layer ${writer}, hidden by a later layer (waste)`;
    case 'unmodified':
      return frame.kind === 'selected' ? `Unchanged by layer ${layer} (written by layer ${writer})` : `Stored again unchanged by layer ${writer}`;
  }
}

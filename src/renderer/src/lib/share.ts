import { formatPercent } from '../../../shared/format';

/** A layer's share of its image; a tiny but non-empty layer reads "< 0.1 %", not a misleading "0.0 %". */
export function shareText(part: number, whole: number): string {
  const share = whole > 0 ? part / whole : 0;
  return share > 0 && share < 0.001 ? '< 0.1 %' : formatPercent(share);
}

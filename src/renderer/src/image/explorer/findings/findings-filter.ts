/** The findings of the whole image, or of your build only (the ones in the layers it added). */
import type { Finding } from '../../../../../shared/analysis';
import type { Part } from '../place';

export interface ShownFindings {
  shown: Finding[];
  /** Left out because they sit in the base image's layers. */
  inBase: number;
  /** Left out because they span the whole image (duplicates across layers, the base's size). */
  imageWide: number;
}

function isOwnFinding(finding: Finding, baseLayers: number): boolean {
  return finding.inBase !== true && finding.layerIndex >= baseLayers;
}

export function findingsOf(findings: Finding[], part: Part, baseLayers: number): ShownFindings {
  if (part === 'all') return { shown: findings, inBase: 0, imageWide: 0 };
  const shown = findings.filter((f) => isOwnFinding(f, baseLayers));
  const imageWide = findings.filter((f) => f.layerIndex < 0 && f.inBase !== true).length;
  return { shown, imageWide, inBase: findings.length - shown.length - imageWide };
}

/**
 * The analysis's headline figures, each with a one-line tooltip and what it counts, so that "true waste
 * 1.69 MB", "efficiency 99.8 %" and "potential saving 607 MB" read as three answers to three questions,
 * not as a contradiction.
 */
import type { ImageAnalysis } from '../../../../shared/analysis';
import { formatBytes, formatPercent } from '../../../../shared/format';
import { plural } from '../../lib/plural';
import { shareText } from '../../lib/share';

export type FigureId = 'waste' | 'efficiency' | 'saving';

export interface FigureNote {
  id: FigureId;
  label: string;
  value: string;
  detail: string;
  /** One line: what the figure is. */
  tooltip: string;
  /** What it counts, and how it differs from the other two. */
  counts: string[];
}

const top = <T>(items: T[], n: number) => items.slice(0, n);

export function figureNotes(analysis: ImageAnalysis): FigureNote[] {
  const wasteLayers = analysis.layers.filter((l) => l.wastedBytes > 0).sort((a, b) => b.wastedBytes - a.wastedBytes);
  const inBase = analysis.findings.filter((f) => f.inBase).reduce((sum, f) => sum + f.bytes, 0);
  const findingLines = top(analysis.findings, 3).map((f) => `${formatBytes(f.bytes)}: ${f.title}`);
  return [
    {
      id: 'waste',
      label: 'True waste',
      value: formatBytes(analysis.wastedBytes),
      detail: `${shareText(analysis.wastedBytes, analysis.sizeBytes)} stored, never seen`,
      tooltip: 'Bytes the layers store that no container sees: files a later layer overwrote or deleted, each counted once.',
      counts: [
        wasteLayers.length === 0
          ? 'No layer stores a file that a later layer hides.'
          : `Stored but hidden: ${top(wasteLayers, 3)
              .map((l) => `${formatBytes(l.wastedBytes)} in layer ${l.index}`)
              .join(', ')}${wasteLayers.length > 3 ? ', …' : ''}.`,
        'Not counted here: files that stay visible but are not needed (caches, dev dependencies, build tools). Those are in the potential saving.',
      ],
    },
    {
      id: 'efficiency',
      label: 'Efficiency',
      value: formatPercent(analysis.efficiency),
      detail: `dive’s score · ${formatBytes(analysis.dive.wastedBytes)} written more than once`,
      tooltip: 'dive’s score: how little of the image is paths written by two or more layers; 100 % means no path is written twice.',
      counts: [
        `dive counts every copy of a path that two or more layers store: ${formatBytes(analysis.dive.wastedBytes)} in ${plural(analysis.inefficientFiles.length, 'path')}.`,
        'A cache or a dev dependency written once does not lower it: an image can score near 100 % and still have a large potential saving.',
      ],
    },
    {
      id: 'saving',
      label: 'Potential saving',
      value: formatBytes(analysis.potentialSavingBytes),
      detail: `${plural(analysis.findings.length, 'finding')} · ${shareText(analysis.potentialSavingBytes, analysis.sizeBytes)} of the image`,
      tooltip: 'What applying every fix below would save, each byte counted once.',
      counts: [
        findingLines.length === 0 ? 'No finding: nothing LayerLens knows how to remove.' : `The largest: ${findingLines.join('; ')}.`,
        inBase > 0
          ? `${formatBytes(inBase)} of the findings sit in the base image: a smaller base saves those, not a change to your build.`
          : 'None of it sits in the base image.',
        'It is larger than the true waste because most of it is in files the image still shows but does not need.',
      ],
    },
  ];
}

/**
 * Progress events named for a person. Core phases: `inspect`, `export` (done = seconds the engine has been
 * exporting), `read` (bytes), `analyse`, and for reports `print`, `render`, `write`; a comparison or a
 * before/after report prefixes the image ("a: read", "before: export").
 */
import { formatBytes } from '../../../shared/format';

export interface ProgressLike {
  phase: string;
  done: number;
  total?: number;
  detail?: string;
}

export interface ProgressText {
  /** "Image A: the engine is exporting the image (12 s)". */
  label: string;
  /** "310 MB of 1.31 GB", "2 of 5", or "". */
  amount: string;
  /** 0..1 when the phase has a total, never past 1. */
  ratio?: number;
}

const stepNames: Record<string, string> = {
  inspect: 'Inspecting the image',
  read: 'Reading the image’s files',
  analyse: 'Analysing the files',
  print: 'Printing the PDF',
  render: 'Rendering the report',
  write: 'Saving',
};

const whoNames: Record<string, string> = { a: 'Image A', b: 'Image B', before: 'Before image', after: 'After image' };

export function splitPhase(phase: string): { who?: string; step: string } {
  const match = /^(?:(.+?):?\s+)?([a-z-]+)$/i.exec(phase.trim());
  if (!match) return { step: phase };
  return { who: match[1]?.replace(/:$/, ''), step: match[2] };
}

export function progressText(progress: ProgressLike): ProgressText {
  const { who, step } = splitPhase(progress.phase);
  const prefix = who ? `${whoNames[who.toLowerCase()] ?? who}: ` : '';
  const name = step === 'export' ? `the engine is exporting the image (${Math.round(progress.done)} s)` : (stepNames[step] ?? step);
  const label = prefix ? `${prefix}${name.charAt(0).toLowerCase()}${name.slice(1)}` : name.charAt(0).toUpperCase() + name.slice(1);
  const total = progress.total && progress.total > 0 ? progress.total : undefined;
  const done = total === undefined ? progress.done : Math.min(progress.done, total);
  const ratio = total === undefined || step === 'export' ? undefined : done / total;
  let amount = '';
  if (step === 'read') amount = total === undefined ? formatBytes(done) : `${formatBytes(done)} of ${formatBytes(total)}`;
  else if (total !== undefined && total > 1 && step !== 'export') amount = `${done.toLocaleString('en')} of ${total.toLocaleString('en')}`;
  return { label, amount, ratio };
}

export function etaText(seconds: number): string {
  if (seconds < 1) return 'almost done';
  if (seconds < 90) return `about ${Math.ceil(seconds)} s left`;
  return `about ${Math.ceil(seconds / 60)} min left`;
}

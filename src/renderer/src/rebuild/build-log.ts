/**
 * The build's progress as the wizard shows it: per phase its state and step n/m, the current step's
 * instruction, and the log lines (the newest few thousand), folded from the operation's progress events.
 */
import type { ProgressEvent } from '../../../shared/contract';
import type { RebuildProgressPhase } from '../../../shared/rebuild';

export type PhaseState = 'waiting' | 'running' | 'done';

export interface PhaseProgress {
  state: PhaseState;
  step: number;
  total?: number;
  /** The current step's instruction ("RUN npm ci --omit=dev"). */
  instruction?: string;
}

export interface LogLine {
  phase: RebuildProgressPhase;
  text: string;
  /** A "Step n/m : …" line. */
  step: boolean;
}

export interface BuildLog {
  phases: Record<RebuildProgressPhase, PhaseProgress>;
  current?: RebuildProgressPhase;
  lines: LogLine[];
  /** Lines dropped from the front to keep the view light. */
  dropped: number;
}

export const phaseOrder: RebuildProgressPhase[] = ['plan', 'build-original', 'build-lean', 'verify'];
export const phaseTitles: Record<RebuildProgressPhase, string> = {
  plan: 'Proposal',
  'build-original': 'Original image',
  'build-lean': 'Lean image',
  verify: 'Verification',
};
export const maxLogLines = 3000;

export function emptyBuildLog(): BuildLog {
  const waiting = (): PhaseProgress => ({ state: 'waiting', step: 0 });
  return { phases: { plan: waiting(), 'build-original': waiting(), 'build-lean': waiting(), verify: waiting() }, lines: [], dropped: 0 };
}

function isPhase(phase: string): phase is RebuildProgressPhase {
  return (phaseOrder as string[]).includes(phase);
}

const stepLine = /^Step (\d+)\/(\d+) : (.*)$/;

/** The log with one more event (a new object; events of other phases mark the earlier ones done). */
export function foldProgress(log: BuildLog, event: ProgressEvent): BuildLog {
  if (!isPhase(event.phase)) return log;
  const phase = event.phase;
  const phases = { ...log.phases };
  const at = phaseOrder.indexOf(phase);
  for (const earlier of phaseOrder.slice(0, at)) if (phases[earlier].state !== 'done') phases[earlier] = { ...phases[earlier], state: 'done' };
  const step = event.detail ? stepLine.exec(event.detail) : null;
  phases[phase] = {
    state: 'running',
    step: event.done,
    total: event.total,
    instruction: step ? step[3] : phases[phase].instruction,
  };
  let lines = log.lines;
  let dropped = log.dropped;
  if (event.detail !== undefined) {
    lines = [...lines, { phase, text: event.detail, step: step !== null }];
    if (lines.length > maxLogLines) {
      dropped += lines.length - maxLogLines;
      lines = lines.slice(lines.length - maxLogLines);
    }
  }
  return { phases, current: phase, lines, dropped };
}

/** Everything marked done (the operation succeeded). */
export function finishLog(log: BuildLog): BuildLog {
  const phases = { ...log.phases };
  for (const phase of phaseOrder) if (phases[phase].state === 'running') phases[phase] = { ...phases[phase], state: 'done' };
  return { ...log, phases };
}

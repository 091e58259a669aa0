/**
 * The build's progress as the wizard shows it, folded from the operation's progress events: per phase its
 * state, step n/m, the current instruction and the latest thing it did ("lean: waiting for port 3000");
 * each lean candidate as it is built and verified; and the log lines (the newest few thousand), with the
 * terminal's colour codes stripped. A failure or a cancel stops every running phase (no spinner is left).
 */
import type { ProgressEvent } from '../../../shared/contract';
import { stripAnsi } from '../../../shared/format';
import type { RebuildProgressPhase } from '../../../shared/rebuild';

export type PhaseState = 'waiting' | 'running' | 'done' | 'failed' | 'cancelled' | 'skipped';

export interface PhaseProgress {
  state: PhaseState;
  step: number;
  total?: number;
  /** The current step's instruction ("RUN npm ci --omit=dev"). */
  instruction?: string;
  /** The latest message of the phase ("building c1: …", "lean: GET /"). */
  activity?: string;
}

/** `finished`: its build (and verification) ended without a failure message; the result says the rest. */
export type CandidateState = 'building' | 'verifying' | 'did-not-build' | 'differs' | 'finished' | 'stopped';

export interface CandidateProgress {
  id: string;
  state: CandidateState;
  /** The label, or the evidence once it failed. */
  note: string;
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
  /** The candidates tried so far, in the order they were tried. */
  candidates: CandidateProgress[];
  lines: LogLine[];
  /** Lines dropped from the front to keep the view light. */
  dropped: number;
}

export const phaseOrder: RebuildProgressPhase[] = ['plan', 'build-original', 'build-lean', 'verify', 'measure'];
export const phaseTitles: Record<RebuildProgressPhase, string> = {
  plan: 'Reading the Dockerfile',
  'build-original': 'Original image',
  'build-lean': 'Lean candidates',
  verify: 'Verification',
  measure: 'Measuring devDependencies and secrets',
};
export const maxLogLines = 3000;

export function emptyBuildLog(): BuildLog {
  const waiting = (): PhaseProgress => ({ state: 'waiting', step: 0 });
  return {
    phases: { plan: waiting(), 'build-original': waiting(), 'build-lean': waiting(), verify: waiting(), measure: waiting() },
    candidates: [],
    lines: [],
    dropped: 0,
  };
}

function isPhase(phase: string): phase is RebuildProgressPhase {
  return (phaseOrder as string[]).includes(phase);
}

const stepLine = /^Step (\d+)\/(\d+) : (.*)$/;
const building = /^building (\S+): (.*)$/;
const didNotBuild = /^(\S+) did not build: (.*)$/;
const verifying = /^verifying (\S+) against (.*)$/;
const verdictLine = /^(\S+): (.*)$/;

function setCandidate(candidates: CandidateProgress[], next: CandidateProgress): CandidateProgress[] {
  const at = candidates.findIndex((c) => c.id === next.id);
  if (at === -1) return [...candidates, next];
  return candidates.map((c, i) => (i === at ? next : c));
}

/** What a message line says about the candidates (build and verify messages of the core's search). */
function foldCandidates(candidates: CandidateProgress[], phase: RebuildProgressPhase, text: string): CandidateProgress[] {
  if (phase === 'build-lean') {
    const b = building.exec(text);
    if (b) return setCandidate(candidates, { id: b[1]!, state: 'building', note: b[2]! });
    const f = didNotBuild.exec(text);
    if (f && candidates.some((c) => c.id === f[1])) return setCandidate(candidates, { id: f[1]!, state: 'did-not-build', note: f[2]! });
  }
  if (phase === 'verify') {
    const v = verifying.exec(text);
    if (v) {
      const known = candidates.find((c) => c.id === v[1]);
      return setCandidate(candidates, { id: v[1]!, state: 'verifying', note: known?.note ?? '' });
    }
    const d = verdictLine.exec(text);
    if (d && candidates.some((c) => c.id === d[1])) return setCandidate(candidates, { id: d[1]!, state: 'differs', note: d[2]! });
  }
  return candidates;
}

/** The log with one more event (a new object). Only one phase runs at a time: the others before it are done. */
export function foldProgress(log: BuildLog, event: ProgressEvent): BuildLog {
  if (!isPhase(event.phase)) return log;
  const phase = event.phase;
  const text = event.detail === undefined ? undefined : stripAnsi(event.detail);
  const step = text ? stepLine.exec(text) : null;
  const lines = appendLine(log, phase, text, step !== null);
  // The files written after the search come as "plan" lines: they go to the log, the phases stay as they are.
  const searchStarted = phaseOrder.slice(1).some((p) => log.phases[p].state !== 'waiting');
  if (phase === 'plan' && searchStarted) return { ...log, ...lines };

  const phases = { ...log.phases };
  const at = phaseOrder.indexOf(phase);
  phaseOrder.forEach((other, index) => {
    if (other === phase) return;
    const state = phases[other].state;
    if (state === 'running') phases[other] = { ...phases[other], state: 'done' };
    else if (state === 'waiting' && index < at) phases[other] = { ...phases[other], state: 'skipped' };
  });
  const previous = phases[phase];
  // A new candidate's build starts its own step count.
  const newCandidate = phase === 'build-lean' && text !== undefined && building.test(text);
  const isMessage = text !== undefined && !step && (phase !== 'build-lean' && phase !== 'build-original' ? true : isSearchMessage(text));
  phases[phase] = {
    state: 'running',
    step: event.done,
    total: event.total,
    instruction: step ? step[3] : newCandidate ? undefined : previous.instruction,
    activity: isMessage ? text : previous.activity,
  };
  const candidates = text !== undefined ? foldCandidates(log.candidates, phase, text) : log.candidates;
  return { phases, current: phase, candidates, ...lines };
}

/** The search's own messages among the builder's output lines. */
function isSearchMessage(text: string): boolean {
  return building.test(text) || didNotBuild.test(text) || /^using the existing image /.test(text);
}

function appendLine(log: BuildLog, phase: RebuildProgressPhase, text: string | undefined, step: boolean): Pick<BuildLog, 'lines' | 'dropped'> {
  if (text === undefined) return { lines: log.lines, dropped: log.dropped };
  let lines = [...log.lines, { phase, text, step }];
  let dropped = log.dropped;
  if (lines.length > maxLogLines) {
    dropped += lines.length - maxLogLines;
    lines = lines.slice(lines.length - maxLogLines);
  }
  return { lines, dropped };
}

/** The operation succeeded: what ran is done, what never ran was skipped. */
export function finishLog(log: BuildLog): BuildLog {
  const phases = { ...log.phases };
  for (const phase of phaseOrder) {
    const state = phases[phase].state;
    if (state === 'running') phases[phase] = { ...phases[phase], state: 'done' };
    else if (state === 'waiting') phases[phase] = { ...phases[phase], state: 'skipped' };
  }
  const candidates = log.candidates.map((c) => (c.state === 'building' || c.state === 'verifying' ? { ...c, state: 'finished' as const } : c));
  return { ...log, phases, candidates };
}

/** The operation failed or was cancelled: whatever was running stops there (no spinner is left). */
export function stopLog(log: BuildLog, how: 'failed' | 'cancelled'): BuildLog {
  const phases = { ...log.phases };
  for (const phase of phaseOrder) if (phases[phase].state === 'running') phases[phase] = { ...phases[phase], state: how };
  const candidates = log.candidates.map((c) => (c.state === 'building' || c.state === 'verifying' ? { ...c, state: 'stopped' as const } : c));
  return { ...log, phases, candidates };
}

/** Whether anything is still shown as running. */
export function isSpinning(log: BuildLog): boolean {
  return phaseOrder.some((p) => log.phases[p].state === 'running') || log.candidates.some((c) => c.state === 'building' || c.state === 'verifying');
}

/**
 * The Engine API's /build answer: newline-delimited JSON objects ({stream}, {status}, {aux: {ID}},
 * {error, errorDetail}). Parsed into step n/m, log lines and the image id; an error inside the 200 stream
 * is kept with the failing step's log lines, without terminal escapes.
 *
 * Docker's classic builder numbers steps over the whole Dockerfile ("Step 3/13 : COPY …"); Podman's
 * (buildah) writes "STEP 3/6: COPY …", per stage with a "[1/2] " prefix when there are several. Podman's
 * steps are counted on across stages, so both engines report the same step n/m for the same Dockerfile
 * (the total grows as later stages start).
 */
import { stripAnsi } from '../../shared/format';

export type BuildEvent =
  { type: 'step'; step: number; total: number; instruction: string } | { type: 'log'; line: string } | { type: 'image'; id: string };

export interface BuildProgressState {
  step: number;
  total: number;
  instruction: string;
  /** Log lines of the current step. */
  stepLog: string[];
  log: string[];
  imageId?: string;
  error?: string;
}

export class BuildProgressParser {
  readonly state: BuildProgressState = { step: 0, total: 0, instruction: '', stepLog: [], log: [] };
  private buffer = '';
  private pendingText = '';
  /** Podman: the step count of each stage seen so far, by stage number. */
  private readonly stageSteps = new Map<number, number>();

  constructor(private readonly onEvent: (event: BuildEvent) => void = () => undefined) {}

  push(chunk: Buffer | string): void {
    this.buffer += chunk.toString();
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) !== -1) {
      const line = this.buffer.slice(0, newline).trim();
      this.buffer = this.buffer.slice(newline + 1);
      if (line) this.message(line);
    }
  }

  end(): void {
    if (this.buffer.trim()) this.message(this.buffer.trim());
    this.buffer = '';
    this.flushText(true);
  }

  private message(line: string): void {
    let data: {
      stream?: string;
      status?: string;
      progress?: string;
      id?: string;
      aux?: { ID?: string };
      error?: string;
      errorDetail?: { message?: string };
    };
    try {
      data = JSON.parse(line) as typeof data;
    } catch {
      this.text(`${line}\n`);
      return;
    }
    if (data.error || data.errorDetail) {
      this.flushText(true);
      // Podman ends its message with a newline.
      this.state.error = (data.errorDetail?.message ?? data.error ?? '').trim() || 'build failed';
      this.logLine(this.state.error);
      return;
    }
    if (data.aux?.ID) {
      this.state.imageId = data.aux.ID;
      this.onEvent({ type: 'image', id: data.aux.ID });
      return;
    }
    if (typeof data.stream === 'string') this.text(data.stream);
    else if (data.status && !data.progress) this.text(`${data.id ? `${data.id}: ` : ''}${data.status}\n`);
  }

  private text(text: string): void {
    this.pendingText += text;
    this.flushText(false);
  }

  private flushText(all: boolean): void {
    const parts = this.pendingText.split('\n');
    this.pendingText = all ? '' : parts.pop()!;
    if (all && parts[parts.length - 1] === '') parts.pop();
    for (const raw of parts) {
      const line = stripAnsi(raw).trimEnd();
      const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(line) ?? this.podmanStep(line);
      if (step) {
        this.state.step = Number(step[1]);
        this.state.total = Number(step[2]);
        this.state.instruction = step[3]!;
        this.state.stepLog = [];
        this.state.log.push(line);
        this.onEvent({ type: 'step', step: this.state.step, total: this.state.total, instruction: this.state.instruction });
        continue;
      }
      const built = /^Successfully built ([0-9a-f]{12,64})$/.exec(line);
      if (built && !this.state.imageId) this.state.imageId = built[1];
      if (line === '') continue;
      this.logLine(line);
    }
  }

  /** "[2/2] STEP 3/7: COPY …" as [line, overall step, overall total so far, instruction]. */
  private podmanStep(line: string): [string, string, string, string] | undefined {
    const match = /^(?:\[(\d+)\/\d+\] )?STEP (\d+)\/(\d+): (.*)$/.exec(line);
    if (!match) return undefined;
    const stage = Number(match[1] ?? 1);
    this.stageSteps.set(stage, Number(match[3]));
    let before = 0;
    let total = 0;
    for (const [seen, steps] of this.stageSteps) {
      if (seen < stage) before += steps;
      total += steps;
    }
    return [line, String(before + Number(match[2])), String(total), match[4]!];
  }

  private logLine(line: string): void {
    this.state.stepLog.push(line);
    this.state.log.push(line);
    this.onEvent({ type: 'log', line });
  }
}

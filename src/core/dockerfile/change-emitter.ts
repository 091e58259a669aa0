/**
 * Writes a Dockerfile line by line while recording which change made each line, so that every change of
 * the rewrite can point at its lines in the proposal (and the UI can highlight them).
 */
import type { ChangeKind, DockerfileChange } from '../../shared/rebuild';
import type { ParsedInstruction } from './parse-dockerfile';

export interface ChangeSpec {
  id: string;
  kind: ChangeKind;
  title: string;
  reason: string;
  original?: ParsedInstruction;
  configFields?: string[];
}

export class ChangeEmitter {
  private readonly lines: { text: string; changes: string[] }[] = [];
  private readonly changes = new Map<string, DockerfileChange>();

  /** Records a change (once per id) and returns its id for `emit`. */
  change(spec: ChangeSpec): string {
    if (!this.changes.has(spec.id)) {
      this.changes.set(spec.id, {
        id: spec.id,
        kind: spec.kind,
        title: spec.title,
        reason: spec.reason,
        ...(spec.original ? { originalLine: spec.original.line, originalText: spec.original.text.split('\n')[0] } : {}),
        leanLines: [],
        ...(spec.configFields ? { configFields: spec.configFields } : {}),
      });
    }
    return spec.id;
  }

  emit(text: string, ...changes: string[]): void {
    this.lines.push({ text, changes });
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1]!.text !== '') this.lines.push({ text: '', changes: [] });
  }

  finish(): { dockerfile: string; changes: DockerfileChange[] } {
    let lineNo = 1;
    for (const line of this.lines) {
      for (const id of line.changes) this.changes.get(id)?.leanLines.push(lineNo);
      lineNo += line.text.split('\n').length;
    }
    return {
      dockerfile: `${this.lines
        .map((l) => l.text)
        .join('\n')
        .trimEnd()}\n`,
      changes: [...this.changes.values()],
    };
  }
}

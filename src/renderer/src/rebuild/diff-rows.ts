/**
 * The plan's unified diff (original -> proposed) as rows for a two-gutter view, each row tied to the
 * changes that explain it: by the original line a change is about, or by the proposed lines it produced.
 */
import type { DockerfileChange } from '../../../shared/rebuild';

export type DiffRowKind = 'same' | 'removed' | 'added' | 'gap';

export interface DiffRow {
  kind: DiffRowKind;
  text: string;
  /** 1-based line in the original Dockerfile. */
  oldLine?: number;
  /** 1-based line in the proposed Dockerfile. */
  newLine?: number;
  /** For a gap: how many unchanged lines are not shown. */
  hidden?: number;
  /** Ids of the changes that explain this row. */
  changes: string[];
}

const hunkHeader = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;

/** Rows of a unified diff; unchanged stretches outside the hunks become gaps. */
export function parseUnifiedDiff(diff: string, originalLineCount?: number): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 0;
  let newLine = 0;
  let seenHunk = false;
  for (const line of diff.split('\n')) {
    const header = hunkHeader.exec(line);
    if (header) {
      const oldStart = Number(header[1]);
      const newStart = Number(header[3]);
      const skipped = oldStart - 1 - oldLine;
      if (skipped > 0) rows.push({ kind: 'gap', text: '', hidden: skipped, changes: [] });
      oldLine = oldStart - 1;
      newLine = newStart - 1;
      seenHunk = true;
      continue;
    }
    if (!seenHunk || line.startsWith('\\')) continue;
    if (line.startsWith('-')) rows.push({ kind: 'removed', text: line.slice(1), oldLine: ++oldLine, changes: [] });
    else if (line.startsWith('+')) rows.push({ kind: 'added', text: line.slice(1), newLine: ++newLine, changes: [] });
    else if (line.startsWith(' ')) rows.push({ kind: 'same', text: line.slice(1), oldLine: ++oldLine, newLine: ++newLine, changes: [] });
  }
  if (originalLineCount !== undefined && seenHunk && originalLineCount > oldLine) {
    rows.push({ kind: 'gap', text: '', hidden: originalLineCount - oldLine, changes: [] });
  }
  return rows;
}

/** Lines of a text as the diff counts them (a final newline ends the last line, it does not start one). */
export function lineCount(text: string): number {
  if (text === '') return 0;
  return text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}

/**
 * Ties each row to the changes about its original line or that produced its proposed line. A kept line
 * counts too: the lean rewrite keeps the original build, so a change about its CMD points at a line that
 * is still there (and at the runtime stage's line that replaces it in the image).
 */
export function attachChanges(rows: DiffRow[], changes: DockerfileChange[]): DiffRow[] {
  return rows.map((row) => {
    const ids = changes
      .filter(
        (change) =>
          (row.kind !== 'added' && row.oldLine !== undefined && change.originalLine === row.oldLine) ||
          (row.newLine !== undefined && change.leanLines.includes(row.newLine)),
      )
      .map((change) => change.id);
    return { ...row, changes: ids };
  });
}

export function diffRows(diff: string, original: string, changes: DockerfileChange[]): DiffRow[] {
  return attachChanges(parseUnifiedDiff(diff, lineCount(original)), changes);
}

/** "line 3, column 7" from an INVALID_DOCKERFILE error's detail or message. */
export function dockerfilePosition(text: string | undefined): { line: number; column: number } | null {
  if (!text) return null;
  const words = /line (\d+), column (\d+)/.exec(text) ?? /:(\d+):(\d+):/.exec(text);
  return words ? { line: Number(words[1]), column: Number(words[2]) } : null;
}

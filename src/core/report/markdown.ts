/** The report as Markdown: tables and code blocks; the treemap as an embedded SVG image plus its largest paths. */
import { codeSpans } from '../../shared/code-spans';
import { formatBytes } from '../../shared/format';
import {
  attackSurfaceRows,
  comparisonValue,
  fileDiffLine,
  generatedText,
  identityRows,
  layerPart,
  layerWhere,
  packageDiffLine,
  signedBytes,
  reductionText,
  roleTitle,
  sizeRows,
  type ReportDifferences,
  type ReportImageSection,
  type SizeReport,
} from '../../shared/report';
import { treemapSvg } from './svg';

/**
 * Text that may come from an image (tags, history, paths, fix texts) shown as typed: one line, HTML as
 * entities and Markdown syntax backslash-escaped, so a tag like `<img onerror=…>` or `[x](javascript:…)` is
 * never markup. Safe in table cells too (pipes escaped).
 */
function cell(text: string): string {
  return text
    .replace(/\r?\n|\r/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/[\\`*_[\]|~]/g, '\\$&');
}

/** Inline code that survives backticks in the text (code spans show HTML as typed). */
function code(text: string): string {
  const clean = text.replace(/\r?\n|\r/g, ' ');
  const longest = Math.max(0, ...(clean.match(/`+/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return clean === '' ? '' : `${fence}${longest > 0 || clean.startsWith('`') || clean.endsWith('`') ? ` ${clean} ` : clean}${fence}`;
}

/** A core text (finding title, fix) with its `code` spans kept as code, the rest escaped as `cell` does. */
function codeCell(text: string): string {
  return codeSpans(text)
    .map((part) => (part.code ? code(part.text) : cell(part.text)))
    .join('');
}

/** Inline code in a table cell: GFM splits cells at pipes even inside code spans. */
function tableCode(text: string): string {
  return code(text).replace(/\|/g, '\\|');
}

function fenced(text: string, lang: string): string {
  const longest = Math.max(2, ...(text.match(/`{3,}/g) ?? []).map((m) => m.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

function table(header: string[], rows: string[][]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map((h) => (/^(Size|Waste|Bytes|Before|After|Change|Count)$/.test(h) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ].join('\n');
}

function keyValues(rows: [string, string][]): string {
  return table(
    ['', ''],
    rows.map(([k, v]) => [cell(k), cell(v)]),
  );
}

function section(s: ReportImageSection, level: string): string {
  const out: string[] = [];
  out.push(`${level} ${cell(roleTitle(s))}`, '');
  out.push(`${level}# Identity`, '', keyValues(identityRows(s)), '');
  out.push(`${level}# Size`, '', keyValues(sizeRows(s)), '');
  out.push(`${level}# Layers`, '');
  out.push(
    table(
      ['#', 'Instruction', 'Part', 'Size', 'Waste'],
      s.layers.map((l) => [
        String(l.index),
        tableCode(l.instruction || '(none recorded)'),
        layerPart(s.sizes, l.index),
        formatBytes(l.sizeBytes),
        formatBytes(l.wastedBytes),
      ]),
    ),
    '',
  );
  out.push(`${level}# Treemap`, '');
  const svg = Buffer.from(treemapSvg(s.treemap), 'utf8').toString('base64');
  out.push(`![Treemap of ${cell(s.identity.name)}: ${s.treemap.rects.length} rectangles](data:image/svg+xml;base64,${svg})`, '');
  const largest = [...s.treemap.rects].sort((a, b) => b.bytes - a.bytes).slice(0, 15);
  out.push(
    table(
      ['Path', 'Size', 'Count'],
      largest.map((r) => [tableCode(r.kind === 'rest' ? `${r.path} (rest)` : r.path), formatBytes(r.bytes), String(r.fileCount)]),
    ),
    '',
  );
  out.push(`${level}# Top findings`, '');
  if (s.findings.length === 0) out.push('No findings.', '');
  s.findings.forEach((f, i) => {
    out.push(`${i + 1}. **${codeCell(f.title)}** — ${formatBytes(f.bytes)} (${layerWhere(f.layerIndex, f.inBase)}, ${f.category})`);
    if (f.instruction) out.push(`   - Instruction: ${code(f.instruction)}`);
    out.push(`   - Fix: ${codeCell(f.fix)}`);
    if (f.files.length > 0) {
      const more = f.fileCount > f.files.length ? ` and ${f.fileCount - f.files.length} more` : '';
      out.push(`   - Files: ${f.files.map((file) => `${code(file.path)} (${formatBytes(file.bytes)})`).join(', ')}${more}`);
    }
  });
  if (s.findingCount > s.findings.length) out.push('', `${s.findingCount - s.findings.length} smaller findings are not listed.`);
  out.push('');
  out.push(`${level}# Attack surface`, '', keyValues(attackSurfaceRows(s)), '');
  if (s.inefficientFiles.length > 0) {
    out.push(`${level}# Inefficient files (dive)`, '');
    out.push(
      table(
        ['Count', 'Waste', 'Path'],
        s.inefficientFiles.map((f) => [String(f.count), formatBytes(f.cumulativeBytes), tableCode(f.path)]),
      ),
      '',
    );
  }
  return out.join('\n');
}

function differencesMarkdown(d: ReportDifferences): string {
  const out: string[] = ['### Files', '', fileDiffLine(d.files), ''];
  if (d.files.largest.length > 0) {
    out.push(
      table(
        ['Change', 'Path', 'Before', 'After', 'Change'],
        d.files.largest.map((f) => [f.change, tableCode(f.path), formatBytes(f.bytesBefore), formatBytes(f.bytesAfter), signedBytes(f.delta)]),
      ),
      '',
    );
  }
  out.push('### Findings', '');
  for (const [title, count, list] of [
    ['Disappeared (fixed in the after image)', d.findings.disappearedCount, d.findings.disappeared],
    ['Appeared in the after image', d.findings.appearedCount, d.findings.appeared],
  ] as const) {
    out.push(`**${title} (${count})**`, '');
    if (list.length === 0) out.push('none');
    for (const f of list) out.push(`- ${codeCell(f.title)} — ${formatBytes(f.bytes)} · ${f.category}`);
    if (count > list.length) out.push('', `${count - list.length} more not listed.`);
    out.push('');
  }
  out.push(`${d.findings.persisting} in both.`, '');
  out.push('### OS packages', '');
  const p = d.packages;
  if (!p) out.push('Neither image has a package database.', '');
  else {
    out.push(packageDiffLine(p), '');
    const list = (title: string, items: string[], count: number) => {
      if (items.length > 0)
        out.push(`**${title}:** ${items.map(code).join(', ')}${count > items.length ? ` and ${count - items.length} more` : ''}`, '');
    };
    list(
      'Added',
      p.added.map((k) => `+ ${k.name} ${k.version}`),
      p.addedCount,
    );
    list(
      'Removed',
      p.removed.map((k) => `− ${k.name} ${k.version}`),
      p.removedCount,
    );
    list(
      'Changed version',
      p.changed.map((k) => `${k.name} ${k.from} → ${k.to}`),
      p.changedCount,
    );
  }
  return out.join('\n');
}

export function reportMarkdown(report: SizeReport): string {
  const out: string[] = [`# ${cell(report.title)}`, ''];
  out.push(`${cell(generatedText(report))}.`, '');
  if (report.comparison) {
    const c = report.comparison;
    out.push('## Before and after', '', cell(reductionText(report)!), '');
    out.push(
      table(
        ['', 'Before', 'After', 'Change'],
        c.rows.map((r) => [cell(r.label), comparisonValue(r, r.before), comparisonValue(r, r.after), comparisonValue(r, r.delta, true)]),
      ),
      '',
    );
    if (c.differences) out.push(differencesMarkdown(c.differences));
  }
  if (report.rebuild) {
    const r = report.rebuild;
    out.push('## Rebuild', '');
    out.push(
      keyValues([
        ['Original', `${r.original.image} — ${formatBytes(r.original.sizeBytes)}${r.original.built ? '' : ' (existing image)'}`],
        ['Lean', `${r.lean.image} — ${formatBytes(r.lean.sizeBytes)}`],
        ['Saved', `${formatBytes(r.savedBytes)} (${r.reductionPercent.toFixed(1)} %)`],
        ['Verification', r.verification ? `${r.verification.passed ? 'PASSED' : 'FAILED'} (${r.verification.mode})` : 'not run'],
      ]),
      '',
    );
    if (r.summary) out.push(cell(r.summary), '');
    if (r.verification?.summary) out.push(`Verification: ${cell(r.verification.summary)}.`, '');
    if (r.verification && r.verification.checks.length > 0) {
      out.push(
        table(
          ['Check', 'Result', 'Original', 'Lean'],
          r.verification.checks.map((c) => [cell(c.name), c.passed ? 'pass' : 'FAIL', cell(c.original), cell(c.lean)]),
        ),
        '',
      );
    }
    if (r.dockerfile) {
      if (r.dockerfile.changes.length > 0) {
        out.push('### Changes', '', ...r.dockerfile.changes.map((c) => `- **${cell(c.title)}** — ${codeCell(c.reason)}`), '');
      }
      out.push('### Generated Dockerfile', '', fenced(r.dockerfile.proposed, 'dockerfile'), '');
      if (r.dockerfile.diff) out.push('### Diff', '', fenced(r.dockerfile.diff, 'diff'), '');
    }
  }
  for (const s of report.images) out.push(section(s, '##').trimEnd(), '');
  return `${out.join('\n').trimEnd()}\n`;
}

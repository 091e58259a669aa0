/**
 * The report as ONE self-contained HTML file (no scripts, no external resources). Same markup classes and the
 * same stylesheet (`reportStyles`) as the React report view, so it looks like the app and prints like the PDF.
 */
import { codeSpans } from '../../shared/code-spans';
import { formatBytes, formatPercent } from '../../shared/format';
import {
  attackSurfaceRows,
  comparisonValue,
  diffLines,
  fileDiffLine,
  generatedText,
  identityRows,
  layerPart,
  layerWhere,
  packageDiffLine,
  reductionFigure,
  reductionText,
  signedBytes,
  reportPageStyle,
  reportStyles,
  roleTitle,
  sizeRows,
  type PaperSize,
  type ReportDifferences,
  type ReportFindingChange,
  type ReportImageSection,
  type SizeReport,
} from '../../shared/report';
import { escapeXml as esc, layerBarsSvg, treemapSvg } from './svg';

function figure(label: string, value: string, note = '', tone = ''): string {
  return `<div class="rp-figure"><div class="rp-figure-label">${esc(label)}</div><div class="rp-figure-value${tone ? ` ${tone}` : ''}">${esc(value)}</div>${note ? `<div class="rp-figure-note">${esc(note)}</div>` : ''}</div>`;
}

/** A core text with its `code` spans as code, as the React view's CodeText shows it. */
function codeText(text: string): string {
  return codeSpans(text)
    .map((part) => (part.code ? `<code>${esc(part.text)}</code>` : esc(part.text)))
    .join('');
}

function kv(rows: [string, string][]): string {
  return `<table class="rp-table rp-kv"><tbody>${rows.map(([k, v]) => `<tr><th>${esc(k)}</th><td>${esc(v)}</td></tr>`).join('')}</tbody></table>`;
}

function imageHtml(s: ReportImageSection): string {
  const z = s.sizes;
  const out: string[] = [`<section class="rp-section rp-image" data-role="${s.role}">`, `<h2>${esc(roleTitle(s))}</h2>`];
  out.push(
    `<div class="rp-figures">${figure('Image size', formatBytes(z.sizeBytes), `${z.layerCount} layers, ${z.fileCount} files`)}${figure('Efficiency (dive)', formatPercent(z.efficiency))}${figure('True waste', formatBytes(z.trueWasteBytes), formatPercent(z.trueWasteRatio), z.trueWasteBytes > 0 ? 'rp-bad' : '')}${figure('Potential saving', formatBytes(z.potentialSavingBytes), `${s.findingCount} findings`)}</div>`,
  );
  out.push(`<div class="rp-two"><div><h3>Identity</h3>${kv(identityRows(s))}</div><div><h3>Size</h3>${kv(sizeRows(s))}</div></div>`);
  out.push('<h3>Layers</h3>');
  out.push(
    `<div class="rp-chart">${layerBarsSvg(s.layers)}<div class="rp-legend"><span><span class="rp-swatch" style="background:#3b82f6"></span>layer size</span><span><span class="rp-swatch" style="background:#ef4444"></span>wasted in the final image</span></div></div>`,
  );
  out.push(
    `<table class="rp-table"><thead><tr><th class="rp-num">#</th><th>Instruction</th><th>Part</th><th class="rp-num">Size</th><th class="rp-num">Waste</th></tr></thead><tbody>${s.layers
      .map(
        (l) =>
          `<tr><td class="rp-num">${l.index}</td><td class="rp-instruction">${esc(l.instruction || '(none recorded)')}</td><td>${esc(layerPart(s.sizes, l.index))}</td><td class="rp-num">${esc(formatBytes(l.sizeBytes))}</td><td class="rp-num${l.wastedBytes > 0 ? ' rp-bad' : ''}">${esc(formatBytes(l.wastedBytes))}</td></tr>`,
      )
      .join('')}</tbody></table>`,
  );
  out.push('<h3>Treemap</h3>');
  out.push(
    `<div class="rp-chart">${treemapSvg(s.treemap)}</div><p class="rp-caption">The final filesystem: ${s.treemap.fileCount} files, ${esc(formatBytes(s.treemap.totalBytes))}, drawn as ${s.treemap.rects.length} rectangles (small entries grouped per directory).</p>`,
  );
  out.push('<h3>Top findings</h3>');
  if (s.findings.length === 0) out.push('<p class="rp-muted">No findings.</p>');
  else {
    out.push('<ol class="rp-findings">');
    for (const f of s.findings) {
      const more = f.fileCount > f.files.length ? ` and ${f.fileCount - f.files.length} more` : '';
      out.push(
        `<li class="rp-finding"><div class="rp-finding-title">${codeText(f.title)} — <span class="rp-finding-bytes">${esc(formatBytes(f.bytes))}</span></div><div class="rp-finding-where">${esc(layerWhere(f.layerIndex, f.inBase))} · ${esc(f.category)}${f.instruction ? ` · <code>${esc(f.instruction)}</code>` : ''}</div><div class="rp-fix"><strong>Fix:</strong> ${codeText(f.fix)}</div>${f.files.length > 0 ? `<div class="rp-files">${f.files.map((file) => `${esc(file.path)} (${esc(formatBytes(file.bytes))})`).join(', ')}${esc(more)}</div>` : ''}</li>`,
      );
    }
    out.push('</ol>');
    if (s.findingCount > s.findings.length)
      out.push(`<p class="rp-muted">${s.findingCount - s.findings.length} smaller findings are not listed.</p>`);
  }
  out.push('<h3>Attack surface</h3>', kv(attackSurfaceRows(s)));
  if (s.inefficientFiles.length > 0) {
    out.push(
      `<h3>Inefficient files (dive)</h3><table class="rp-table"><thead><tr><th class="rp-num">Count</th><th class="rp-num">Waste</th><th>Path</th></tr></thead><tbody>${s.inefficientFiles
        .map(
          (f) =>
            `<tr><td class="rp-num">${f.count}</td><td class="rp-num">${esc(formatBytes(f.cumulativeBytes))}</td><td><code>${esc(f.path)}</code></td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  }
  out.push('</section>');
  return out.join('\n');
}

function findingChangesHtml(title: string, count: number, list: ReportFindingChange[], testId: string): string {
  const items = list
    .map((f) => `<li>${codeText(f.title)} — <span class="rp-finding-bytes">${esc(formatBytes(f.bytes))}</span> · ${esc(f.category)}</li>`)
    .join('');
  const more = count > list.length ? `<p class="rp-muted">${count - list.length} more not listed.</p>` : '';
  return `<div data-testid="${testId}"><h4>${esc(title)} (${count})</h4>${list.length === 0 ? '<p class="rp-muted">none</p>' : `<ul>${items}</ul>`}${more}</div>`;
}

function differencesHtml(d: ReportDifferences): string {
  const out: string[] = ['<h3>Files</h3>', `<p>${esc(fileDiffLine(d.files))}</p>`];
  if (d.files.largest.length > 0) {
    out.push(
      `<table class="rp-table"><thead><tr><th>Change</th><th>Path</th><th class="rp-num">Before</th><th class="rp-num">After</th><th class="rp-num">Delta</th></tr></thead><tbody>${d.files.largest
        .map(
          (f) =>
            `<tr><td>${f.change}</td><td><code>${esc(f.path)}</code></td><td class="rp-num">${esc(formatBytes(f.bytesBefore))}</td><td class="rp-num">${esc(formatBytes(f.bytesAfter))}</td><td class="rp-num">${esc(signedBytes(f.delta))}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
  }
  out.push('<h3>Findings</h3>');
  out.push(findingChangesHtml('Disappeared (fixed in the after image)', d.findings.disappearedCount, d.findings.disappeared, 'findings-disappeared'));
  out.push(findingChangesHtml('Appeared in the after image', d.findings.appearedCount, d.findings.appeared, 'findings-appeared'));
  out.push(`<p class="rp-muted">${d.findings.persisting} in both.</p>`);
  out.push('<h3>OS packages</h3>');
  const p = d.packages;
  if (!p) out.push('<p class="rp-muted">Neither image has a package database.</p>');
  else {
    out.push(`<p>${esc(packageDiffLine(p))}</p>`);
    const list = (title: string, items: string[], count: number) =>
      items.length === 0
        ? ''
        : `<h4>${esc(title)}</h4><p class="rp-files">${esc(items.join(', '))}${count > items.length ? esc(` and ${count - items.length} more`) : ''}</p>`;
    out.push(
      list(
        'Added',
        p.added.map((k) => `+ ${k.name} ${k.version}`),
        p.addedCount,
      ),
    );
    out.push(
      list(
        'Removed',
        p.removed.map((k) => `− ${k.name} ${k.version}`),
        p.removedCount,
      ),
    );
    out.push(
      list(
        'Changed version',
        p.changed.map((k) => `${k.name} ${k.from} → ${k.to}`),
        p.changedCount,
      ),
    );
  }
  return out.join('\n');
}

/** The report's body markup (the `<article>`), without the page around it. */
export function reportArticleHtml(report: SizeReport): string {
  const out: string[] = ['<article class="rp-doc">'];
  out.push(
    `<header><div class="rp-brand">LayerLens size report</div><h1>${esc(report.title)}</h1><div class="rp-meta">${esc(generatedText(report))}</div></header>`,
  );
  const c = report.comparison;
  if (c) {
    out.push('<section class="rp-section rp-comparison"><h2>Before and after</h2>');
    out.push(`<p class="rp-lead">${esc(reductionText(report)!)}</p>`);
    const tone = c.reductionBytes >= 0 ? 'rp-good' : 'rp-bad';
    out.push(
      `<div class="rp-figures">${figure('Before', formatBytes(c.beforeBytes), c.beforeName)}${figure('After', formatBytes(c.afterBytes), c.afterName)}${figure('Reduction', reductionFigure(c), '', tone)}${figure('Reduction %', `${c.reductionPercent.toFixed(1)} %`, '', tone)}</div>`,
    );
    out.push(
      `<table class="rp-table"><thead><tr><th></th><th class="rp-num">Before</th><th class="rp-num">After</th><th class="rp-num">Change</th></tr></thead><tbody>${c.rows
        .map(
          (r) =>
            `<tr><td>${esc(r.label)}</td><td class="rp-num">${esc(comparisonValue(r, r.before))}</td><td class="rp-num">${esc(comparisonValue(r, r.after))}</td><td class="rp-num">${esc(comparisonValue(r, r.delta, true))}</td></tr>`,
        )
        .join('')}</tbody></table>`,
    );
    if (c.differences) out.push(differencesHtml(c.differences));
    out.push('</section>');
  }
  const r = report.rebuild;
  if (r) {
    out.push('<section class="rp-section rp-rebuild"><h2>Rebuild</h2>');
    out.push(
      `<div class="rp-figures">${figure('Original', formatBytes(r.original.sizeBytes), r.original.image)}${figure('Lean', formatBytes(r.lean.sizeBytes), r.lean.image)}${figure('Saved', formatBytes(r.savedBytes), `${r.reductionPercent.toFixed(1)} %`, r.savedBytes >= 0 ? 'rp-good' : 'rp-bad')}${figure('Verification', r.verification ? (r.verification.passed ? 'PASSED' : 'FAILED') : 'not run', r.verification?.mode ?? '', r.verification ? (r.verification.passed ? 'rp-good' : 'rp-bad') : '')}</div>`,
    );
    if (r.summary) out.push(`<p>${esc(r.summary)}</p>`);
    if (r.verification?.summary) out.push(`<p>Verification: ${esc(r.verification.summary)}.</p>`);
    if (r.verification && r.verification.checks.length > 0) {
      out.push(
        `<table class="rp-table"><thead><tr><th>Check</th><th>Result</th><th>Original</th><th>Lean</th></tr></thead><tbody>${r.verification.checks
          .map(
            (k) =>
              `<tr><td>${esc(k.name)}</td><td class="${k.passed ? 'rp-pass' : 'rp-fail'}">${k.passed ? 'pass' : 'FAIL'}</td><td>${esc(k.original)}</td><td>${esc(k.lean)}</td></tr>`,
          )
          .join('')}</tbody></table>`,
      );
    }
    if (r.dockerfile) {
      if (r.dockerfile.changes.length > 0) {
        out.push(
          `<h3>Changes</h3><ul>${r.dockerfile.changes.map((k) => `<li><strong>${esc(k.title)}</strong> — ${codeText(k.reason)}</li>`).join('')}</ul>`,
        );
      }
      out.push(`<h3>Generated Dockerfile</h3><pre class="rp-pre">${esc(r.dockerfile.proposed)}</pre>`);
      if (r.dockerfile.diff) {
        out.push(
          `<h3>Diff against ${esc(r.dockerfile.name)}</h3><pre class="rp-pre">${diffLines(r.dockerfile.diff)
            .map((line) => (line.kind === 'context' ? `${esc(line.text)}\n` : `<span class="rp-diff-${line.kind}">${esc(line.text)}</span>`))
            .join('')}</pre>`,
        );
      }
    }
    out.push('</section>');
  }
  for (const s of report.images) out.push(imageHtml(s));
  out.push(
    `<footer class="rp-footer">Report ${esc(report.id)} · schema version ${report.schemaVersion} · ${esc(report.generator.name)} ${esc(report.generator.version)}</footer>`,
  );
  out.push('</article>');
  return out.join('\n');
}

export function reportHtml(report: SizeReport, paper: PaperSize = 'a4'): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${esc(report.generator.name)} ${esc(report.generator.version)}">
<title>${esc(report.title)}</title>
<style>
body { margin: 0; background: #eef0f3; }
${reportStyles}
${reportPageStyle(paper)}
</style>
</head>
<body>
${reportArticleHtml(report)}
</body>
</html>
`;
}

/**
 * THE report view: what the app shows, what the PDF prints (Electron's printToPDF and headless Chromium open
 * this view). Same markup classes and stylesheet (`reportStyles`) as the single-file HTML export.
 */
import { formatBytes, formatPercent } from '../../../shared/format';
import {
  attackSurfaceRows,
  comparisonValue,
  diffLines,
  fileDiffLine,
  generatedText,
  identityRows,
  layerBarColors,
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
  type ReportRebuild,
  type SizeReport,
} from '../../../shared/report';
import { CodeText } from '../components/CodeText';
import { LayerBars, TreemapPicture } from './ReportCharts';

function Figure({ label, value, note, tone }: { label: string; value: string; note?: string; tone?: string }) {
  return (
    <div className="rp-figure">
      <div className="rp-figure-label">{label}</div>
      <div className={tone ? `rp-figure-value ${tone}` : 'rp-figure-value'}>{value}</div>
      {note && <div className="rp-figure-note">{note}</div>}
    </div>
  );
}

function KeyValues({ rows }: { rows: [string, string][] }) {
  return (
    <table className="rp-table rp-kv">
      <tbody>
        {rows.map(([k, v]) => (
          <tr key={k}>
            <th>{k}</th>
            <td>{v}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ImageSection({ section: s }: { section: ReportImageSection }) {
  const z = s.sizes;
  return (
    <section className="rp-section rp-image" data-role={s.role}>
      <h2>{roleTitle(s)}</h2>
      <div className="rp-figures">
        <Figure label="Image size" value={formatBytes(z.sizeBytes)} note={`${z.layerCount} layers, ${z.fileCount} files`} />
        <Figure label="Efficiency (dive)" value={formatPercent(z.efficiency)} />
        <Figure
          label="True waste"
          value={formatBytes(z.trueWasteBytes)}
          note={formatPercent(z.trueWasteRatio)}
          tone={z.trueWasteBytes > 0 ? 'rp-bad' : ''}
        />
        <Figure label="Potential saving" value={formatBytes(z.potentialSavingBytes)} note={`${s.findingCount} findings`} />
      </div>
      <div className="rp-two">
        <div>
          <h3>Identity</h3>
          <KeyValues rows={identityRows(s)} />
        </div>
        <div>
          <h3>Size</h3>
          <KeyValues rows={sizeRows(s)} />
        </div>
      </div>
      <h3>Layers</h3>
      <div className="rp-chart">
        <LayerBars layers={s.layers} />
        <div className="rp-legend">
          <span>
            <span className="rp-swatch" style={{ background: layerBarColors.size }} />
            layer size
          </span>
          <span>
            <span className="rp-swatch" style={{ background: layerBarColors.waste }} />
            wasted in the final image
          </span>
        </div>
      </div>
      <table className="rp-table">
        <thead>
          <tr>
            <th className="rp-num">#</th>
            <th>Instruction</th>
            <th>Part</th>
            <th className="rp-num">Size</th>
            <th className="rp-num">Waste</th>
          </tr>
        </thead>
        <tbody>
          {s.layers.map((l) => (
            <tr key={l.index}>
              <td className="rp-num">{l.index}</td>
              <td className="rp-instruction">{l.instruction || '(none recorded)'}</td>
              <td>{layerPart(s.sizes, l.index)}</td>
              <td className="rp-num">{formatBytes(l.sizeBytes)}</td>
              <td className={l.wastedBytes > 0 ? 'rp-num rp-bad' : 'rp-num'}>{formatBytes(l.wastedBytes)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <h3>Treemap</h3>
      <div className="rp-chart">
        <TreemapPicture treemap={s.treemap} />
      </div>
      <p className="rp-caption">
        The final filesystem: {s.treemap.fileCount} files, {formatBytes(s.treemap.totalBytes)}, drawn as {s.treemap.rects.length} rectangles (small
        entries grouped per directory).
      </p>
      <h3>Top findings</h3>
      {s.findings.length === 0 ? (
        <p className="rp-muted">No findings.</p>
      ) : (
        <ol className="rp-findings">
          {s.findings.map((f, i) => (
            <li className="rp-finding" key={i}>
              <div className="rp-finding-title">
                <CodeText text={f.title} /> — <span className="rp-finding-bytes">{formatBytes(f.bytes)}</span>
              </div>
              <div className="rp-finding-where">
                {layerWhere(f.layerIndex, f.inBase)} · {f.category}
                {f.instruction && (
                  <>
                    {' · '}
                    <code>{f.instruction}</code>
                  </>
                )}
              </div>
              <div className="rp-fix">
                <strong>Fix:</strong> <CodeText text={f.fix} />
              </div>
              {f.files.length > 0 && (
                <div className="rp-files">
                  {f.files.map((file) => `${file.path} (${formatBytes(file.bytes)})`).join(', ')}
                  {f.fileCount > f.files.length ? ` and ${f.fileCount - f.files.length} more` : ''}
                </div>
              )}
            </li>
          ))}
        </ol>
      )}
      {s.findingCount > s.findings.length && <p className="rp-muted">{s.findingCount - s.findings.length} smaller findings are not listed.</p>}
      <h3>Attack surface</h3>
      <KeyValues rows={attackSurfaceRows(s)} />
      {s.inefficientFiles.length > 0 && (
        <>
          <h3>Inefficient files (dive)</h3>
          <table className="rp-table">
            <thead>
              <tr>
                <th className="rp-num">Count</th>
                <th className="rp-num">Waste</th>
                <th>Path</th>
              </tr>
            </thead>
            <tbody>
              {s.inefficientFiles.map((f) => (
                <tr key={f.path}>
                  <td className="rp-num">{f.count}</td>
                  <td className="rp-num">{formatBytes(f.cumulativeBytes)}</td>
                  <td>
                    <code>{f.path}</code>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </section>
  );
}

function RebuildSection({ rebuild: r }: { rebuild: ReportRebuild }) {
  const verification = r.verification;
  return (
    <section className="rp-section rp-rebuild">
      <h2>Rebuild</h2>
      <div className="rp-figures">
        <Figure label="Original" value={formatBytes(r.original.sizeBytes)} note={r.original.image} />
        <Figure label="Lean" value={formatBytes(r.lean.sizeBytes)} note={r.lean.image} />
        <Figure
          label="Saved"
          value={formatBytes(r.savedBytes)}
          note={`${r.reductionPercent.toFixed(1)} %`}
          tone={r.savedBytes >= 0 ? 'rp-good' : 'rp-bad'}
        />
        <Figure
          label="Verification"
          value={verification ? (verification.passed ? 'PASSED' : 'FAILED') : 'not run'}
          note={verification?.mode ?? ''}
          tone={verification ? (verification.passed ? 'rp-good' : 'rp-bad') : ''}
        />
      </div>
      {r.summary && <p>{r.summary}</p>}
      {verification?.summary && <p>Verification: {verification.summary}.</p>}
      {verification && verification.checks.length > 0 && (
        <table className="rp-table">
          <thead>
            <tr>
              <th>Check</th>
              <th>Result</th>
              <th>Original</th>
              <th>Lean</th>
            </tr>
          </thead>
          <tbody>
            {verification.checks.map((c, i) => (
              <tr key={i}>
                <td>{c.name}</td>
                <td className={c.passed ? 'rp-pass' : 'rp-fail'}>{c.passed ? 'pass' : 'FAIL'}</td>
                <td>{c.original}</td>
                <td>{c.lean}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {r.dockerfile && (
        <>
          {r.dockerfile.changes.length > 0 && (
            <>
              <h3>Changes</h3>
              <ul>
                {r.dockerfile.changes.map((c, i) => (
                  <li key={i}>
                    <strong>{c.title}</strong> — <CodeText text={c.reason} />
                  </li>
                ))}
              </ul>
            </>
          )}
          <h3>Generated Dockerfile</h3>
          <pre className="rp-pre">{r.dockerfile.proposed}</pre>
          {r.dockerfile.diff && (
            <>
              <h3>Diff against {r.dockerfile.name}</h3>
              <pre className="rp-pre">
                {diffLines(r.dockerfile.diff).map((line, i) =>
                  line.kind === 'context' ? (
                    `${line.text}\n`
                  ) : (
                    <span key={i} className={`rp-diff-${line.kind}`}>
                      {line.text}
                    </span>
                  ),
                )}
              </pre>
            </>
          )}
        </>
      )}
    </section>
  );
}

function FindingChanges({ title, count, list, testId }: { title: string; count: number; list: ReportFindingChange[]; testId: string }) {
  return (
    <div data-testid={testId}>
      <h4>
        {title} ({count})
      </h4>
      {list.length === 0 ? (
        <p className="rp-muted">none</p>
      ) : (
        <ul>
          {list.map((f, i) => (
            <li key={i}>
              <CodeText text={f.title} /> — <span className="rp-finding-bytes">{formatBytes(f.bytes)}</span> · {f.category}
            </li>
          ))}
        </ul>
      )}
      {count > list.length && <p className="rp-muted">{count - list.length} more not listed.</p>}
    </div>
  );
}

function PackageList({ title, items, count }: { title: string; items: string[]; count: number }) {
  if (items.length === 0) return null;
  return (
    <>
      <h4>{title}</h4>
      <p className="rp-files">
        {items.join(', ')}
        {count > items.length ? ` and ${count - items.length} more` : ''}
      </p>
    </>
  );
}

/** The files, findings and OS packages that differ: what the Compare page shows beside the figures. */
function Differences({ differences: d }: { differences: ReportDifferences }) {
  const p = d.packages;
  return (
    <>
      <h3>Files</h3>
      <p>{fileDiffLine(d.files)}</p>
      {d.files.largest.length > 0 && (
        <table className="rp-table">
          <thead>
            <tr>
              <th>Change</th>
              <th>Path</th>
              <th className="rp-num">Before</th>
              <th className="rp-num">After</th>
              <th className="rp-num">Delta</th>
            </tr>
          </thead>
          <tbody>
            {d.files.largest.map((f) => (
              <tr key={f.path}>
                <td>{f.change}</td>
                <td>
                  <code>{f.path}</code>
                </td>
                <td className="rp-num">{formatBytes(f.bytesBefore)}</td>
                <td className="rp-num">{formatBytes(f.bytesAfter)}</td>
                <td className="rp-num">{signedBytes(f.delta)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <h3>Findings</h3>
      <FindingChanges
        title="Disappeared (fixed in the after image)"
        count={d.findings.disappearedCount}
        list={d.findings.disappeared}
        testId="findings-disappeared"
      />
      <FindingChanges title="Appeared in the after image" count={d.findings.appearedCount} list={d.findings.appeared} testId="findings-appeared" />
      <p className="rp-muted">{d.findings.persisting} in both.</p>
      <h3>OS packages</h3>
      {!p ? (
        <p className="rp-muted">Neither image has a package database.</p>
      ) : (
        <>
          <p>{packageDiffLine(p)}</p>
          <PackageList title="Added" items={p.added.map((k) => `+ ${k.name} ${k.version}`)} count={p.addedCount} />
          <PackageList title="Removed" items={p.removed.map((k) => `− ${k.name} ${k.version}`)} count={p.removedCount} />
          <PackageList title="Changed version" items={p.changed.map((k) => `${k.name} ${k.from} → ${k.to}`)} count={p.changedCount} />
        </>
      )}
    </>
  );
}

export function ReportView({ report, paper = 'a4' }: { report: SizeReport; paper?: PaperSize }) {
  const c = report.comparison;
  const tone = c && c.reductionBytes >= 0 ? 'rp-good' : 'rp-bad';
  return (
    <>
      <style>{`${reportStyles}\n${reportPageStyle(paper)}`}</style>
      <article className="rp-doc" data-testid="report-view">
        <header>
          <div className="rp-brand">LayerLens size report</div>
          <h1>{report.title}</h1>
          <div className="rp-meta">{generatedText(report)}</div>
        </header>
        {c && (
          <section className="rp-section rp-comparison">
            <h2>Before and after</h2>
            <p className="rp-lead">{reductionText(report)}</p>
            <div className="rp-figures">
              <Figure label="Before" value={formatBytes(c.beforeBytes)} note={c.beforeName} />
              <Figure label="After" value={formatBytes(c.afterBytes)} note={c.afterName} />
              <Figure label="Reduction" value={reductionFigure(c)} tone={tone} />
              <Figure label="Reduction %" value={`${c.reductionPercent.toFixed(1)} %`} tone={tone} />
            </div>
            <table className="rp-table">
              <thead>
                <tr>
                  <th />
                  <th className="rp-num">Before</th>
                  <th className="rp-num">After</th>
                  <th className="rp-num">Change</th>
                </tr>
              </thead>
              <tbody>
                {c.rows.map((r) => (
                  <tr key={r.label}>
                    <td>{r.label}</td>
                    <td className="rp-num">{comparisonValue(r, r.before)}</td>
                    <td className="rp-num">{comparisonValue(r, r.after)}</td>
                    <td className="rp-num">{comparisonValue(r, r.delta, true)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            {c.differences && <Differences differences={c.differences} />}
          </section>
        )}
        {report.rebuild && <RebuildSection rebuild={report.rebuild} />}
        {report.images.map((s) => (
          <ImageSection key={`${s.role}-${s.identity.id}`} section={s} />
        ))}
        <footer className="rp-footer">
          Report {report.id} · schema version {report.schemaVersion} · {report.generator.name} {report.generator.version}
        </footer>
      </article>
    </>
  );
}

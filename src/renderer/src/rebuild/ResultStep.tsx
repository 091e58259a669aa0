/**
 * Step 3: the result. The verdict in one headline (lean / already lean / no candidate behaves like the
 * original / cannot verify / built but unverified) and the search's summary; the sizes before and after;
 * every candidate's attempt with its evidence; the chosen one's verification with both containers' logs;
 * the config fields that differ, each explained by a change or marked as not; the claims measured in both
 * images (only when they were measured); the layers and attack surface of both; the files written and the
 * command to build by hand. "Export report…" and the push to the registry only when there is a lean image.
 */
import { useEffect, useState } from 'react';
import type { AnalyzedLayer, AttackSurface, ImageAnalysis } from '../../../shared/analysis';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { formatBytes, formatPercent, shortId } from '../../../shared/format';
import type { BuiltImage, MeasuredClaims, RebuildOutcome, RebuildResult } from '../../../shared/rebuild';
import { rebuildSection } from '../../../shared/report';
import { CopyableCommand } from '../components/CopyableCommand';
import { useClient } from '../hooks/bridge-context';
import { newOperationId } from '../lib/operation-id';
import { compareHash, imageHash } from '../router/routes';
import { ExportReportButton } from '../report/ExportReportButton';
import { stripAnsi } from '../../../shared/format';
import { PushPanel } from './PushPanel';
import { buildCommandWith, outcomeLabel, plainMessage, verdictHeadline } from './wording';

type Analyses =
  | { kind: 'running'; which: 'original' | 'lean' }
  | { kind: 'done'; original: ImageAnalysis; lean: ImageAnalysis }
  | { kind: 'failed'; error: ApiErrorData };

function useBothAnalyses(originalId: string, leanId: string): Analyses {
  const client = useClient();
  const [state, setState] = useState<Analyses>({ kind: 'running', which: 'original' });
  useEffect(() => {
    let live = true;
    let running: string | undefined;
    const analyse = async (ref: string) => {
      running = newOperationId();
      const result = await client.analyzeImage({ kind: 'engine', ref }, { operationId: running });
      running = undefined;
      return result;
    };
    void (async () => {
      try {
        const original = await analyse(originalId);
        if (!live) return;
        setState({ kind: 'running', which: 'lean' });
        const lean = await analyse(leanId);
        if (live) setState({ kind: 'done', original, lean });
      } catch (error) {
        if (live) setState({ kind: 'failed', error: toErrorData(error) });
      }
    })();
    return () => {
      live = false;
      if (running) void client.cancel(running).catch(() => undefined);
    };
  }, [client, originalId, leanId]);
  return state;
}

/** "−1.02 GB" and "−71.2 %" (formatted as every size in the app). */
export function reductionText(originalBytes: number, leanBytes: number): { bytes: string; percent: string } {
  const saved = originalBytes - leanBytes;
  const ratio = originalBytes > 0 ? saved / originalBytes : 0;
  const sign = saved >= 0 ? '−' : '+';
  return { bytes: `${sign}${formatBytes(Math.abs(saved))}`, percent: `${sign}${formatPercent(Math.abs(ratio))}` };
}

function ImageFigure({ title, image, testId }: { title: string; image: BuiltImage; testId: string }) {
  return (
    <div className="rb-figure">
      <div className="muted">{title}</div>
      <div className="rb-figure-value numeric" data-testid={testId} title={`${image.sizeBytes.toLocaleString()} bytes`}>
        {formatBytes(image.sizeBytes)}
      </div>
      <code className="small">{image.image}</code>
      <div className="muted small">
        {image.built ? `built in ${Math.round((image.durationMs ?? 0) / 1000)} s` : 'existing image'} · {shortId(image.id)}
      </div>
    </div>
  );
}

function Figures({ result }: { result: RebuildResult }) {
  const { original, lean } = result;
  if (!lean) {
    return (
      <section className="card rb-figures" data-testid="rebuild-figures">
        <ImageFigure title="Original" image={original} testId="rebuild-original-size" />
        <div className="rb-figure muted" data-testid="rebuild-no-lean">
          No lean image was kept: the original stays as it is.
        </div>
      </section>
    );
  }
  const reduction = reductionText(original.sizeBytes, lean.sizeBytes);
  return (
    <section className="card rb-figures" data-testid="rebuild-figures">
      <ImageFigure title="Original" image={original} testId="rebuild-original-size" />
      <div className="rb-figure rb-arrow" aria-hidden="true">
        →
      </div>
      <ImageFigure title="Lean" image={lean} testId="rebuild-lean-size" />
      <div className={result.savedBytes >= 0 ? 'rb-figure rb-saving' : 'rb-figure rb-growth'}>
        <div className="muted">{result.savedBytes >= 0 ? 'Reduction' : 'Growth'}</div>
        <div className="rb-figure-value numeric" data-testid="rebuild-reduction">
          {reduction.bytes}
        </div>
        <div className="numeric" data-testid="rebuild-reduction-percent">
          {reduction.percent}
        </div>
      </div>
    </section>
  );
}

function Verdict({ result }: { result: RebuildResult }) {
  const headline = verdictHeadline(result);
  return (
    <section className={`card rb-verdict rb-verdict-${headline.tone}`} data-testid="rebuild-verdict" data-verdict={headline.kind}>
      <h2 data-testid="rebuild-verdict-title">{headline.title}</h2>
      <p data-testid="rebuild-summary">{plainMessage(result.summary)}</p>
    </section>
  );
}

function firstLine(text: string): { head: string; rest: string } {
  const at = text.indexOf('\n');
  return at === -1 ? { head: text, rest: '' } : { head: text.slice(0, at), rest: text.slice(at + 1) };
}

function Attempts({ result }: { result: RebuildResult }) {
  if (result.attempts.length === 0) return null;
  return (
    <section className="card" data-testid="rebuild-attempts">
      <h3>Candidates tried · most aggressive first</h3>
      <table className="rb-checks rb-attempts">
        <thead>
          <tr>
            <th scope="col">Candidate</th>
            <th scope="col">What it is</th>
            <th scope="col">Outcome</th>
            <th scope="col">Size</th>
            <th scope="col">Evidence</th>
          </tr>
        </thead>
        <tbody>
          {result.attempts.map((attempt) => {
            const reason = firstLine(stripAnsi(plainMessage(attempt.reason)));
            const good = attempt.outcome === 'chosen';
            const bad = attempt.outcome === 'failed-build' || attempt.outcome === 'failed-verify' || attempt.outcome === 'cannot-verify';
            return (
              <tr key={attempt.candidate} data-testid="rebuild-attempt" data-candidate={attempt.candidate} data-outcome={attempt.outcome}>
                <th scope="row">{attempt.candidate}</th>
                <td>{attempt.label}</td>
                <td className={good ? 'rb-pass' : bad ? 'rb-fail' : 'muted'} data-testid="rebuild-attempt-outcome">
                  {outcomeLabel(attempt, result.verdict)}
                </td>
                <td className="numeric" title={attempt.image ? `${attempt.image.sizeBytes.toLocaleString()} bytes` : undefined}>
                  {attempt.image ? formatBytes(attempt.image.sizeBytes) : '—'}
                </td>
                <td>
                  {reason.head}
                  {reason.rest && (
                    <details className="rb-details">
                      <summary>The log</summary>
                      <pre className="rb-log rb-log-short">{reason.rest}</pre>
                    </details>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}

/** The chosen candidate's verification; without one, the first candidate's that was run (the evidence). */
function Verification({ result }: { result: RebuildResult }) {
  const tried = result.verify ? undefined : result.attempts.find((a) => a.verify);
  const verify = result.verify ?? tried?.verify;
  if (!verify) {
    if (result.verdict !== 'unverified') return null;
    return (
      <section className="card" data-testid="rebuild-verify-skipped">
        <h3>Verification</h3>
        <p className="muted">
          Not asked for: the lean image was built but never run. Build again with “Verify” to prove it behaves like the original.
        </p>
      </section>
    );
  }
  const modes = { http: 'HTTP answers compared', healthcheck: 'healthchecks compared', command: 'exit code and output compared' };
  const words = { same: 'the same behaviour', different: 'different behaviour', 'cannot-verify': 'cannot verify' };
  return (
    <section className={verify.passed ? 'card' : 'card error-panel'} data-testid="rebuild-verify" data-passed={verify.passed}>
      <h3>
        Verification{tried ? ` of ${tried.candidate}` : ''}:{' '}
        <span className={verify.passed ? 'rb-pass' : 'rb-fail'} data-testid="rebuild-verify-verdict">
          {words[verify.verdict]}
        </span>
        <span className="muted small">
          {' '}
          · {modes[verify.mode]} · {Math.round(verify.durationMs / 100) / 10} s
        </span>
      </h3>
      <p data-testid="rebuild-verify-summary">{verify.summary}</p>
      <table className="rb-checks">
        <thead>
          <tr>
            <th scope="col">Check</th>
            <th scope="col">Result</th>
            <th scope="col">Original</th>
            <th scope="col">Lean</th>
          </tr>
        </thead>
        <tbody>
          {verify.checks.map((check) => (
            <tr key={check.name} data-testid="rebuild-check">
              <th scope="row">{check.name}</th>
              <td className={check.passed ? 'rb-pass' : 'rb-fail'}>{check.passed ? 'same' : 'differs'}</td>
              <td>
                <code className="rb-check-value" title={check.original}>
                  {check.original}
                </code>
              </td>
              <td>
                <code className="rb-check-value" title={check.lean}>
                  {check.lean}
                </code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="rb-details" open={!verify.passed}>
        <summary>Both containers’ logs</summary>
        <div className="rb-two">
          {(
            [
              ['Original', verify.original],
              ['Lean', verify.lean],
            ] as const
          ).map(([label, run]) => (
            <div key={label}>
              <h4>
                {label} <span className="muted small">{run.container}</span>
              </h4>
              {run.problem && <p className="inline-error">{run.problem}</p>}
              <pre className="rb-log rb-log-short" tabIndex={0} data-testid={`rebuild-logs-${label.toLowerCase()}`}>
                {stripAnsi(run.logs).trim() || '(no output)'}
              </pre>
            </div>
          ))}
        </div>
      </details>
    </section>
  );
}

function ConfigDifferences({ result }: { result: RebuildResult }) {
  if (!result.lean) return null;
  return (
    <section className="card" data-testid="rebuild-config">
      <h3>Image config: what differs</h3>
      {result.config.length === 0 ? (
        <p className="muted" data-testid="rebuild-config-same">
          Both images have the same config (command, user, environment, ports, working directory, labels…).
        </p>
      ) : (
        <table className="rb-checks">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">Original</th>
              <th scope="col">Lean</th>
              <th scope="col">Why</th>
            </tr>
          </thead>
          <tbody>
            {result.config.map((difference) => (
              <tr key={difference.field} data-testid="rebuild-config-row" data-explained={difference.explainedBy !== undefined}>
                <th scope="row">{difference.field}</th>
                <td>
                  <code className="rb-check-value" title={difference.original}>
                    {difference.original}
                  </code>
                </td>
                <td>
                  <code className="rb-check-value" title={difference.lean}>
                    {difference.lean}
                  </code>
                </td>
                <td className={difference.explainedBy ? undefined : 'rb-warn-text'}>
                  {difference.explainedBy ? <>explained by: {difference.explainedBy}</> : 'not explained: check that the app does not rely on it'}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function ClaimRow({ name, original, lean, none }: { name: string; original: string[]; lean: string[]; none: string }) {
  const list = (items: string[]) => (items.length === 0 ? none : items.join(', '));
  return (
    <tr data-testid="rebuild-claim">
      <th scope="row">{name}</th>
      <td>{list(original)}</td>
      <td className={lean.length === 0 ? 'rb-pass' : 'rb-fail'}>{list(lean)}</td>
    </tr>
  );
}

/** Only what was measured in the images' layers and history; nothing when nothing was measured. */
function Measured({ measured }: { measured?: MeasuredClaims }) {
  if (!measured) return null;
  return (
    <section className="card" data-testid="rebuild-measured">
      <h3>Measured in both images</h3>
      <table className="rb-surface">
        <thead>
          <tr>
            <th scope="col" />
            <th scope="col">Original</th>
            <th scope="col">Lean</th>
          </tr>
        </thead>
        <tbody>
          <ClaimRow
            name="devDependencies in node_modules"
            original={measured.devDependencies.original}
            lean={measured.devDependencies.lean}
            none="none"
          />
          <ClaimRow name="Secrets" original={measured.secrets.original} lean={measured.secrets.lean} none="none found" />
        </tbody>
      </table>
    </section>
  );
}

const segmentColors = 6;

function LayerBar({ label, layers, scale, testId }: { label: string; layers: AnalyzedLayer[]; scale: number; testId: string }) {
  const total = layers.reduce((sum, layer) => sum + layer.sizeBytes, 0);
  return (
    <div className="rb-bar-row" data-testid={testId}>
      <div className="rb-bar-label">
        <span>{label}</span>
        <span className="numeric muted">
          {formatBytes(total)} · {layers.length} layers
        </span>
      </div>
      <div className="rb-bar-track" role="img" aria-label={`${label}: ${formatBytes(total)} in ${layers.length} layers`}>
        {layers.map((layer) =>
          layer.sizeBytes > 0 ? (
            <span
              key={layer.index}
              className={`rb-seg rb-seg-${layer.index % segmentColors}`}
              style={{ width: `${(layer.sizeBytes / scale) * 100}%` }}
              title={`Layer ${layer.index} · ${formatBytes(layer.sizeBytes)}\n${layer.instruction}`}
            />
          ) : null,
        )}
      </div>
    </div>
  );
}

function LayerTable({ title, layers }: { title: string; layers: AnalyzedLayer[] }) {
  return (
    <table className="rb-layer-table">
      <caption>{title}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Size</th>
          <th scope="col">Instruction</th>
        </tr>
      </thead>
      <tbody>
        {layers.map((layer) => (
          <tr key={layer.index}>
            <td className="numeric">{layer.index}</td>
            <td className="numeric">{formatBytes(layer.sizeBytes)}</td>
            <td>
              <code className="ellipsis">{layer.instruction}</code>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function surfaceRows(surface: AttackSurface): [string, string][] {
  const list = (items: string[]) =>
    items.length === 0 ? 'none' : `${items.length}: ${items.slice(0, 4).join(', ')}${items.length > 4 ? ', …' : ''}`;
  return [
    ['Runs as', surface.runsAsRoot ? `root${surface.user ? ` (${surface.user})` : ''}` : surface.user || 'non-root'],
    ['OS packages', surface.osPackages ? `${surface.osPackages.count} (${surface.osPackages.manager})` : 'none found'],
    ['Shells', list(surface.shells)],
    ['Package managers', list(surface.packageManagers)],
    ['Compilers', list(surface.compilers)],
    ['setuid files', list(surface.setuidFiles)],
    ['World-writable folders', list(surface.worldWritableDirs)],
    ['Files', surface.fileCount.toLocaleString()],
  ];
}

function Layers({ analyses }: { analyses: Analyses }) {
  if (analyses.kind === 'running') {
    return (
      <section className="card" data-testid="rebuild-layers-loading">
        <h3>Layers</h3>
        <div className="spinner-line" role="status">
          <span className="spinner" aria-hidden="true" />
          Analysing the {analyses.which} image…
        </div>
      </section>
    );
  }
  if (analyses.kind === 'failed') {
    return (
      <section className="card" data-testid="rebuild-layers-failed">
        <h3>Layers</h3>
        <p className="inline-error">The layers could not be analysed: {analyses.error.message}</p>
      </section>
    );
  }
  const { original, lean } = analyses;
  const sum = (layers: AnalyzedLayer[]) => layers.reduce((total, layer) => total + layer.sizeBytes, 0);
  const scale = Math.max(sum(original.layers), sum(lean.layers), 1);
  const rowsA = surfaceRows(original.attackSurface);
  const rowsB = surfaceRows(lean.attackSurface);
  return (
    <>
      <section className="card" data-testid="rebuild-layers">
        <h3>Layers, on one scale</h3>
        <LayerBar label="Original" layers={original.layers} scale={scale} testId="rebuild-bar-original" />
        <LayerBar label="Lean" layers={lean.layers} scale={scale} testId="rebuild-bar-lean" />
        <details className="rb-details">
          <summary>Every layer</summary>
          <div className="rb-two">
            <LayerTable title="Original" layers={original.layers} />
            <LayerTable title="Lean" layers={lean.layers} />
          </div>
        </details>
      </section>
      <section className="card" data-testid="rebuild-surface">
        <h3>Attack surface</h3>
        <table className="rb-surface">
          <thead>
            <tr>
              <th scope="col" />
              <th scope="col">Original</th>
              <th scope="col">Lean</th>
            </tr>
          </thead>
          <tbody>
            {rowsA.map(([name, value], index) => (
              <tr key={name} className={value !== rowsB[index]![1] ? 'rb-differs' : undefined}>
                <th scope="row">{name}</th>
                <td>{value}</td>
                <td>{rowsB[index]![1]}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}

function BothImages({ original, lean }: { original: string; lean: string }) {
  const analyses = useBothAnalyses(original, lean);
  return <Layers analyses={analyses} />;
}

export function ResultStep({ outcome, onAgain }: { outcome: RebuildOutcome; onAgain: () => void }) {
  const { result, plan } = outcome;
  const { original, lean } = result;
  const section = rebuildSection(result, plan);
  const files = outcome.files ? [outcome.files.dockerfile, outcome.files.dockerignore].filter((file) => file !== undefined) : [];
  const command = lean && plan.buildCommand ? buildCommandWith(plan.buildCommand, lean.image) : null;
  return (
    <div className="rb-result" data-testid="rebuild-result">
      <Verdict result={result} />
      <Figures result={result} />
      <div className="rb-links">
        {lean && (
          <>
            <a href={compareHash(original.id, lean.id)} className="button primary" data-testid="rebuild-compare-link">
              Compare the two images
            </a>
            <a href={imageHash(lean.id)} className="button" data-testid="rebuild-open-lean">
              Open the lean image
            </a>
          </>
        )}
        <button onClick={onAgain} data-testid="rebuild-back-to-plan">
          Back to the proposal
        </button>
        {section && lean && (
          <ExportReportButton source={{ kind: 'engine', ref: original.id }} compareWith={{ kind: 'engine', ref: lean.id }} rebuild={section} />
        )}
      </div>
      {lean && <PushPanel lean={lean} verified={result.verdict === 'lean' && result.verify?.passed === true} />}
      <Attempts result={result} />
      <Verification result={result} />
      <ConfigDifferences result={result} />
      <Measured measured={result.measured} />
      {lean && <BothImages original={original.id} lean={lean.id} />}
      {(files.length > 0 || command) && (
        <section className="card" data-testid="rebuild-files">
          <h3>Files</h3>
          {files.length > 0 && (
            <ul className="plain-list">
              {files.map((file) => (
                <li key={file.path}>
                  <code className="selectable">{file.path}</code>{' '}
                  {file.status === 'written'
                    ? 'written'
                    : file.status === 'unchanged'
                      ? 'already up to date'
                      : 'kept: it exists with other content (the build used the proposal)'}
                </li>
              ))}
            </ul>
          )}
          {command && (
            <div className="rb-field" data-testid="rebuild-result-command">
              <span className="rb-label">To build it again by hand or in CI</span>
              <CopyableCommand command={command} />
            </div>
          )}
        </section>
      )}
    </div>
  );
}

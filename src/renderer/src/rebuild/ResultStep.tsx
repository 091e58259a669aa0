/**
 * Step 3: original and lean side by side: sizes and the reduction, the layers of both on one scale (from
 * `analyzeImage` of each), the attack surface, the verification with both containers' logs, the files
 * written, and the way on to the compare page.
 */
import { useEffect, useState } from 'react';
import type { AnalyzedLayer, AttackSurface, ImageAnalysis } from '../../../shared/analysis';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import { formatBytes, shortId } from '../../../shared/format';
import type { BuiltImage, RebuildOutcome, VerifyResult } from '../../../shared/rebuild';
import { useClient } from '../hooks/bridge-context';
import { compareHash, imageHash } from '../hooks/useHashRoute';
import { ExportReportButton } from '../report/ExportReportButton';
import { rebuildSection } from '../../../shared/report';

type Analyses = { kind: 'running'; which: 'original' | 'lean' } | { kind: 'done'; original: ImageAnalysis; lean: ImageAnalysis } | { kind: 'failed'; error: ApiErrorData };

function newId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `op-${Date.now()}-${Math.random()}`;
}

function useBothAnalyses(originalId: string, leanId: string): Analyses {
  const client = useClient();
  const [state, setState] = useState<Analyses>({ kind: 'running', which: 'original' });
  useEffect(() => {
    let live = true;
    let running: string | undefined;
    const analyse = async (ref: string) => {
      running = newId();
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

/** "−1.02 GB (−71.2 %)" */
export function reductionText(originalBytes: number, leanBytes: number): { bytes: string; percent: string } {
  const saved = originalBytes - leanBytes;
  const percent = originalBytes > 0 ? (saved / originalBytes) * 100 : 0;
  const sign = saved >= 0 ? '−' : '+';
  return { bytes: `${sign}${formatBytes(Math.abs(saved))}`, percent: `${sign}${Math.abs(percent).toFixed(1)} %` };
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

function Figures({ outcome }: { outcome: RebuildOutcome }) {
  const { original, lean } = outcome.result;
  const reduction = reductionText(original.sizeBytes, lean.sizeBytes);
  return (
    <section className="card rb-figures" data-testid="rebuild-figures">
      <ImageFigure title="Original" image={original} testId="rebuild-original-size" />
      <div className="rb-figure rb-arrow" aria-hidden="true">
        →
      </div>
      <ImageFigure title="Lean" image={lean} testId="rebuild-lean-size" />
      <div className={outcome.result.savedBytes >= 0 ? 'rb-figure rb-saving' : 'rb-figure rb-growth'}>
        <div className="muted">{outcome.result.savedBytes >= 0 ? 'Reduction' : 'Growth'}</div>
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
  const list = (items: string[]) => (items.length === 0 ? 'none' : `${items.length}: ${items.slice(0, 4).join(', ')}${items.length > 4 ? ', …' : ''}`);
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

function Verification({ verify }: { verify?: VerifyResult }) {
  if (!verify) {
    return (
      <section className="card" data-testid="rebuild-verify-skipped">
        <h3>Verification</h3>
        <p className="muted">Not asked for: the lean image was built but not run.</p>
      </section>
    );
  }
  const modes = { http: 'HTTP answers compared', healthcheck: 'healthchecks compared', command: 'exit code and output compared' };
  return (
    <section className={verify.passed ? 'card' : 'card error-panel'} data-testid="rebuild-verify" data-passed={verify.passed}>
      <h3>
        Verification:{' '}
        <span className={verify.passed ? 'rb-pass' : 'rb-fail'} data-testid="rebuild-verify-verdict">
          {verify.passed ? 'passed' : 'failed'}
        </span>
        <span className="muted small"> · {modes[verify.mode]}</span>
      </h3>
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
                <code className="rb-check-value">{check.original}</code>
              </td>
              <td>
                <code className="rb-check-value">{check.lean}</code>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <details className="rb-details" open={!verify.passed}>
        <summary>Both containers' logs</summary>
        <div className="rb-two">
          {[
            ['Original', verify.original],
            ['Lean', verify.lean],
          ].map(([label, run]) => {
            const r = run as VerifyResult['original'];
            return (
              <div key={label as string}>
                <h4>
                  {label as string} <span className="muted small">{r.container}</span>
                </h4>
                {r.problem && <p className="inline-error">{r.problem}</p>}
                <pre className="rb-log rb-log-short" tabIndex={0} data-testid={`rebuild-logs-${(label as string).toLowerCase()}`}>
                  {r.logs.trim() || '(no output)'}
                </pre>
              </div>
            );
          })}
        </div>
      </details>
    </section>
  );
}

export function ResultStep({ outcome, onAgain }: { outcome: RebuildOutcome; onAgain: () => void }) {
  const { original, lean } = outcome.result;
  const analyses = useBothAnalyses(original.id, lean.id);
  const files = outcome.files ? [outcome.files.dockerfile, outcome.files.dockerignore].filter((file) => file !== undefined) : [];
  return (
    <div className="rb-result" data-testid="rebuild-result">
      <Figures outcome={outcome} />
      <div className="rb-links">
        <a href={compareHash(original.id, lean.id)} className="button primary" data-testid="rebuild-compare-link">
          Compare the two images
        </a>
        <a href={imageHash(lean.id)} className="button" data-testid="rebuild-open-lean">
          Open the lean image
        </a>
        <button onClick={onAgain}>Back to the proposal</button>
        <ExportReportButton
          source={{ kind: 'engine', ref: original.id }}
          compareWith={{ kind: 'engine', ref: lean.id }}
          rebuild={rebuildSection(outcome.result, outcome.plan)}
        />
      </div>
      <Verification verify={outcome.result.verify} />
      <Layers analyses={analyses} />
      {files.length > 0 && (
        <section className="card" data-testid="rebuild-files">
          <h3>Files</h3>
          <ul className="plain-list">
            {files.map((file) => (
              <li key={file.path}>
                <code className="selectable">{file.path}</code>{' '}
                {file.status === 'written' ? 'written' : file.status === 'unchanged' ? 'already up to date' : 'kept: it exists with other content (the build used the proposal)'}
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  );
}

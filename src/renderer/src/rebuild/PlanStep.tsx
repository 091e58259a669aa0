/**
 * Step 1: the proposal before anything is built. The Dockerfile as a diff whose rows point at the change
 * that explains them (each change tied to its original line), the size lint, the .dockerignore proposal,
 * the runtime and builder bases (free text, the engine's images as suggestions) and what the build will
 * be called.
 */
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { formatBytes } from '../../../shared/format';
import type { DockerfileChange, RebuildPlan, RunRebuildRequest } from '../../../shared/rebuild';
import { diffRows, type DiffRow } from './diff-rows';

export interface BuildSettings {
  image: string;
  leanTag: string;
  writeFiles: boolean;
  replaceTags: boolean;
  verify: boolean;
  verifyPaths: string;
}

interface Props {
  planned: RebuildPlan;
  /** A new proposal is on its way (the bases changed). */
  updating: boolean;
  bases: { runtime: string; builder: string };
  onBases: (bases: { runtime: string; builder: string }) => void;
  suggestions: string[];
  settings: BuildSettings;
  onSettings: (settings: BuildSettings) => void;
  onBuild: (request: RunRebuildRequest) => void;
  onChangeContext: () => void;
}

const kindLabels: Record<DockerfileChange['kind'], string> = {
  stages: 'Stages',
  'base-image': 'Base image',
  dependencies: 'Dependencies',
  build: 'Build',
  sources: 'Sources',
  user: 'User',
  env: 'Environment',
  command: 'Command',
  secrets: 'Secrets',
  kept: 'Kept',
  dockerignore: '.dockerignore',
  warning: 'Warning',
};

function DiffView({ rows, selected, onSelect, numbers }: { rows: DiffRow[]; selected?: string; onSelect: (id: string) => void; numbers: Map<string, number> }) {
  if (rows.length === 0) return <p className="muted">The proposal is the same as the original.</p>;
  return (
    <div className="rb-diff" data-testid="rebuild-diff" role="table" aria-label="Original Dockerfile → proposed Dockerfile">
      {rows.map((row, index) => {
        if (row.kind === 'gap') {
          return (
            <div key={index} className="rb-diff-row rb-gap" role="row">
              <span role="cell" className="rb-gap-text">
                ⋯ {row.hidden} unchanged {row.hidden === 1 ? 'line' : 'lines'}
              </span>
            </div>
          );
        }
        const highlighted = selected !== undefined && row.changes.includes(selected);
        return (
          <div
            key={index}
            role="row"
            className={`rb-diff-row rb-${row.kind}${highlighted ? ' rb-highlight' : ''}`}
            data-testid="rebuild-diff-row"
            data-kind={row.kind}
          >
            <span role="cell" className="rb-ln" aria-label={row.oldLine ? `original line ${row.oldLine}` : undefined}>
              {row.oldLine ?? ''}
            </span>
            <span role="cell" className="rb-ln" aria-label={row.newLine ? `proposed line ${row.newLine}` : undefined}>
              {row.newLine ?? ''}
            </span>
            <span role="cell" className="rb-sign" aria-hidden="true">
              {row.kind === 'added' ? '+' : row.kind === 'removed' ? '−' : ' '}
            </span>
            <code role="cell" className="rb-code">
              {row.text || ' '}
            </code>
            <span role="cell" className="rb-marks">
              {row.changes.map((id) => (
                <button
                  key={id}
                  type="button"
                  className={id === selected ? 'rb-mark on' : 'rb-mark'}
                  title="Why this change"
                  aria-label={`Change ${numbers.get(id)}: why`}
                  onClick={() => onSelect(id)}
                >
                  {numbers.get(id)}
                </button>
              ))}
            </span>
          </div>
        );
      })}
    </div>
  );
}

function ChangeList({ changes, selected, onSelect, numbers }: { changes: DockerfileChange[]; selected?: string; onSelect: (id: string) => void; numbers: Map<string, number> }) {
  return (
    <ol className="rb-changes" data-testid="rebuild-changes">
      {changes.map((change) => (
        <li key={change.id} className={change.id === selected ? 'rb-change on' : 'rb-change'} data-testid="rebuild-change" data-change={change.id}>
          <button type="button" className="rb-change-head" aria-pressed={change.id === selected} onClick={() => onSelect(change.id)}>
            <span className="rb-mark" aria-hidden="true">
              {numbers.get(change.id)}
            </span>
            <span className="rb-change-title">{change.title}</span>
            <span className="chip">{kindLabels[change.kind]}</span>
            {change.bytes !== undefined && change.bytes > 0 && <span className="rb-bytes numeric">−{formatBytes(change.bytes)}</span>}
          </button>
          {change.originalLine !== undefined && (
            <div className="rb-change-origin" data-testid="rebuild-change-origin">
              line {change.originalLine}: <code>{change.originalText}</code>
            </div>
          )}
          <p className="rb-change-reason">{change.reason}</p>
        </li>
      ))}
    </ol>
  );
}

function Section({ title, children, testId }: { title: string; children: ReactNode; testId?: string }) {
  return (
    <section className="card" data-testid={testId}>
      <h3>{title}</h3>
      {children}
    </section>
  );
}

export function PlanStep({ planned, updating, bases, onBases, suggestions, settings, onSettings, onBuild, onChangeContext }: Props) {
  const { plan } = planned;
  const [selected, setSelected] = useState<string>();
  const [runtime, setRuntime] = useState(bases.runtime);
  const [builder, setBuilder] = useState(bases.builder);
  const ids = { runtime: useId(), builder: useId(), image: useId(), lean: useId(), paths: useId(), list: useId() };
  const rows = useMemo(() => diffRows(plan.diff, plan.original, plan.changes), [plan]);
  const numbers = useMemo(() => new Map(plan.changes.map((change, index) => [change.id, index + 1])), [plan.changes]);
  const canBuild = plan.kind === 'node-rewrite' && plan.dockerfile !== null;
  const select = (id: string) => {
    setSelected((current) => (current === id ? undefined : id));
    document.querySelector(`[data-change="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };

  const commitBases = (event?: FormEvent) => {
    event?.preventDefault();
    if (runtime.trim() !== bases.runtime || builder.trim() !== bases.builder) onBases({ runtime: runtime.trim(), builder: builder.trim() });
  };

  const build = () => {
    const paths = settings.verifyPaths
      .split(/[\s,]+/)
      .map((p) => p.trim())
      .filter(Boolean);
    onBuild({
      contextDir: planned.contextDir,
      dockerfile: plan.dockerfileName,
      runtimeBase: bases.runtime || undefined,
      builderBase: bases.builder || undefined,
      image: settings.image.trim() || undefined,
      leanTag: settings.leanTag.trim() || undefined,
      replaceTags: settings.replaceTags,
      writeFiles: settings.writeFiles,
      verify: settings.verify ? { paths: paths.length > 0 ? paths : ['/'] } : undefined,
    });
  };
  const badPath = settings.verify && settings.verifyPaths.split(/[\s,]+/).some((p) => p.trim() !== '' && !p.trim().startsWith('/'));

  return (
    <div className="rb-plan" data-testid="rebuild-plan" aria-busy={updating}>
      <section className="card rb-plan-head">
        <div className="rb-context-line">
          <span className="muted">Build context</span> <code className="selectable">{planned.contextDir}</code> · <code>{plan.dockerfileName}</code>
          <button type="button" className="link-button" onClick={onChangeContext} data-testid="rebuild-change-context">
            Change…
          </button>
        </div>
        {plan.messages.map((message) => (
          <p key={message} className="note" data-testid="rebuild-message">
            {message}
          </p>
        ))}
        <form className="rb-bases" onSubmit={commitBases} data-testid="rebuild-bases">
          <datalist id={ids.list}>
            {suggestions.map((name) => (
              <option key={name} value={name} />
            ))}
          </datalist>
          <BaseField
            label="Runtime base"
            id={ids.runtime}
            listId={ids.list}
            testId="rebuild-runtime-base"
            value={runtime}
            current={plan.bases.runtime}
            probed={planned.probed.runtime}
            onChange={setRuntime}
            onCommit={() => commitBases()}
          />
          <BaseField
            label="Builder base"
            id={ids.builder}
            listId={ids.list}
            testId="rebuild-builder-base"
            value={builder}
            current={plan.bases.builder}
            probed={planned.probed.builder}
            onChange={setBuilder}
            onCommit={() => commitBases()}
          />
          <div className="rb-field rb-field-end">
            <button type="submit" disabled={updating} data-testid="rebuild-apply-bases">
              {updating ? 'Updating…' : 'Update the proposal'}
            </button>
          </div>
        </form>
      </section>

      {plan.dockerfile !== null && (
        <section className="card" data-testid="rebuild-proposal">
          <h3>
            Proposed <code>{plan.dockerfileName}.lean</code>
            <span className="muted small"> · {plan.changes.length} changes · click a number for its reason</span>
          </h3>
          <div className="rb-plan-grid">
            <DiffView rows={rows} selected={selected} onSelect={select} numbers={numbers} />
            <ChangeList changes={plan.changes} selected={selected} onSelect={select} numbers={numbers} />
          </div>
        </section>
      )}

      {plan.lint.length > 0 && (
        <Section title={`Size lint · ${plan.lint.length}`} testId="rebuild-lint">
          <ul className="rb-lint">
            {plan.lint.map((finding, index) => (
              <li key={`${finding.rule}-${finding.line}-${index}`} className={finding.severity === 'warning' ? 'rb-warn' : ''}>
                <div>
                  <span className="chip">line {finding.line}</span> {finding.message}
                </div>
                <div className="muted">{finding.fix}</div>
                {finding.fixedText && <pre className="command-block">{finding.fixedText}</pre>}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {plan.dockerignore && (
        <Section title={plan.dockerignore.existing === null ? 'Proposed .dockerignore' : '.dockerignore: your rules kept, these added'} testId="rebuild-dockerignore">
          <p className="muted small">
            Written as <code>.dockerignore.lean</code> beside yours; the lean build uses it. {plan.dockerignore.added.length} patterns added
            {plan.dockerignore.skipped.length > 0 && `, ${plan.dockerignore.skipped.length} left out because the build needs them`}.
          </p>
          <div className="chip-list">
            {plan.dockerignore.added.map((pattern) => (
              <code key={pattern} className="chip">
                {pattern}
              </code>
            ))}
          </div>
          {plan.dockerignore.skipped.length > 0 && (
            <ul className="plain-list small">
              {plan.dockerignore.skipped.map((skip) => (
                <li key={skip.pattern}>
                  <code>{skip.pattern}</code> not added: {skip.reason}
                </li>
              ))}
            </ul>
          )}
        </Section>
      )}

      <section className="card rb-build-settings" data-testid="rebuild-settings">
        <h3>Build</h3>
        {!canBuild ? (
          <p className="muted" data-testid="rebuild-not-buildable">
            Nothing to build: the multi-stage rewrite covers Node.js projects. Apply the size lint's fixes to your Dockerfile.
          </p>
        ) : (
          <>
            <div className="rb-names">
              <div className="rb-field">
                <label htmlFor={ids.image}>Original image</label>
                <input
                  id={ids.image}
                  className="rb-path"
                  data-testid="rebuild-image-name"
                  value={settings.image}
                  onChange={(event) => onSettings({ ...settings, image: event.target.value })}
                  spellCheck={false}
                />
                <span className="muted small">Reused when it exists, built from {plan.dockerfileName} otherwise.</span>
              </div>
              <div className="rb-field">
                <label htmlFor={ids.lean}>Lean image</label>
                <input
                  id={ids.lean}
                  className="rb-path"
                  data-testid="rebuild-lean-tag"
                  value={settings.leanTag}
                  onChange={(event) => onSettings({ ...settings, leanTag: event.target.value })}
                  spellCheck={false}
                />
              </div>
            </div>
            <label className="rb-check">
              <input type="checkbox" checked={settings.writeFiles} onChange={(event) => onSettings({ ...settings, writeFiles: event.target.checked })} data-testid="rebuild-write-files" />
              Save <code>{plan.dockerfileName}.lean</code>
              {plan.dockerignore && (
                <>
                  {' '}
                  and <code>.dockerignore.lean</code>
                </>
              )}{' '}
              beside the original (your files are never overwritten)
            </label>
            <label className="rb-check">
              <input type="checkbox" checked={settings.replaceTags} onChange={(event) => onSettings({ ...settings, replaceTags: event.target.checked })} />
              Move the lean tag if it already names another image
            </label>
            <label className="rb-check">
              <input type="checkbox" checked={settings.verify} onChange={(event) => onSettings({ ...settings, verify: event.target.checked })} data-testid="rebuild-verify" />
              Verify: run both images and compare their answers
            </label>
            {settings.verify && (
              <div className="rb-field rb-indent">
                <label htmlFor={ids.paths}>Paths to request</label>
                <input
                  id={ids.paths}
                  className="rb-path rb-short"
                  value={settings.verifyPaths}
                  onChange={(event) => onSettings({ ...settings, verifyPaths: event.target.value })}
                  placeholder="/"
                  aria-invalid={badPath}
                  spellCheck={false}
                />
                <span className={badPath ? 'inline-error' : 'muted small'}>
                  {badPath ? 'Each path starts with "/".' : `Servers: GET each path on both containers (exposed port${plan.verify.ports.length ? ` ${plan.verify.ports.join(', ')}` : ''}); other images: exit code and output.`}
                </span>
              </div>
            )}
          </>
        )}
        <div className="actions">
          <button className="primary" disabled={!canBuild || updating || badPath} onClick={build} data-testid="rebuild-build">
            {settings.verify ? 'Build and verify' : 'Build'}
          </button>
        </div>
      </section>
    </div>
  );
}

interface BaseFieldProps {
  label: string;
  id: string;
  listId: string;
  testId: string;
  value: string;
  /** The base the current proposal uses. */
  current: string;
  /** Whether the engine was asked what the base offers, or it was guessed from the name. */
  probed: boolean;
  onChange: (value: string) => void;
  onCommit: () => void;
}

/** A base image field: free text with the engine's images as suggestions, and what the proposal uses now. */
function BaseField({ label, id, listId, testId, value, current, probed, onChange, onCommit }: BaseFieldProps) {
  return (
    <div className="rb-field">
      <label htmlFor={id}>{label}</label>
      <input
        id={id}
        list={listId}
        className="rb-path"
        data-testid={testId}
        value={value}
        placeholder={current}
        onChange={(event) => onChange(event.target.value)}
        onBlur={onCommit}
        spellCheck={false}
      />
      <span className="muted small">
        Now: <code>{current}</code>
        {probed ? ' (asked of the engine)' : ' (guessed from the name)'}
      </span>
    </div>
  );
}

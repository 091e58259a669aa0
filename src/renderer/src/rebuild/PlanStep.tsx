/**
 * Step 1: the proposal before anything is built. What LayerLens found (stages, what the runtime copies,
 * what the start needs), the candidates (most aggressive first, the proposed one marked, each static
 * problem as evidence), the proposed Dockerfile as a diff whose rows point at the change that explains
 * them, the size lint, the .dockerignore proposal, the runtime base (the engine's small images suggested,
 * remembered per folder), and the Build card.
 */
import { useId, useMemo, useState, type FormEvent, type ReactNode } from 'react';
import type { DockerfileChange, RebuildPlan, RunRebuildRequest, VerifySettings } from '../../../shared/rebuild';
import { BuildSettingsForm, type BuildSettings, type PlanInputs } from './BuildSettingsForm';
import { diffRows, type DiffRow } from './diff-rows';
import { Candidates, Findings } from './PlanFindings';
import { parseEnvLines } from './verify-form';
import { plainMessage } from './wording';

export type { BuildSettings, PlanInputs } from './BuildSettingsForm';

interface Props {
  planned: RebuildPlan;
  /** A new proposal is on its way (the inputs changed). */
  updating: boolean;
  inputs: PlanInputs;
  onInputs: (inputs: PlanInputs) => void;
  /** Runtime bases worth suggesting (the engine's slim/alpine/distroless images and the current ones). */
  suggestions: string[];
  settings: BuildSettings;
  onSettings: (settings: BuildSettings) => void;
  tagGeneration: number;
  onBuild: (request: RunRebuildRequest, verify: VerifySettings) => void;
  onChangeContext: () => void;
}

const kindLabels: Record<DockerfileChange['kind'], string> = {
  stages: 'Stages',
  'base-image': 'Base image',
  dependencies: 'Dependencies',
  copy: 'Copy',
  'os-packages': 'OS packages',
  user: 'User',
  command: 'Command',
  secrets: 'Secrets',
  dockerignore: '.dockerignore',
  warning: 'Warning',
};

function DiffView({
  rows,
  selected,
  onSelect,
  numbers,
}: {
  rows: DiffRow[];
  selected?: string;
  onSelect: (id: string) => void;
  numbers: Map<string, number>;
}) {
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

function ChangeList({
  changes,
  selected,
  onSelect,
  numbers,
}: {
  changes: DockerfileChange[];
  selected?: string;
  onSelect: (id: string) => void;
  numbers: Map<string, number>;
}) {
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
          </button>
          {change.originalLine !== undefined && (
            <div className="rb-change-origin" data-testid="rebuild-change-origin">
              line {change.originalLine}: <code>{change.originalText}</code>
            </div>
          )}
          <p className="rb-change-reason">{plainMessage(change.reason)}</p>
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

/** The inputs of the proposal: the runtime base (suggested from the engine), the stage, build arguments. */
function InputsForm({
  planned,
  inputs,
  onInputs,
  suggestions,
  updating,
}: {
  planned: RebuildPlan;
  inputs: PlanInputs;
  onInputs: (inputs: PlanInputs) => void;
  suggestions: string[];
  updating: boolean;
}) {
  const { plan } = planned;
  const [runtime, setRuntime] = useState(inputs.runtimeBase);
  const [target, setTarget] = useState(inputs.target);
  const [buildArgs, setBuildArgs] = useState(inputs.buildArgs);
  const ids = { runtime: useId(), list: useId(), target: useId(), args: useId() };
  const argProblems = parseEnvLines(buildArgs).problems;
  const named = plan.structure.stages.filter((stage) => stage.name);

  const commit = (next: Partial<PlanInputs> = {}) => {
    const candidate = { runtimeBase: runtime.trim(), target, buildArgs, ...next };
    if (parseEnvLines(candidate.buildArgs).problems.length > 0) return;
    if (candidate.runtimeBase !== inputs.runtimeBase || candidate.target !== inputs.target || candidate.buildArgs !== inputs.buildArgs)
      onInputs(candidate);
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    commit();
  };
  const pick = (name: string) => {
    setRuntime(name);
    commit({ runtimeBase: name });
  };
  const quick = suggestions.filter((name) => name !== plan.bases.runtime).slice(0, 8);

  return (
    <form className="card rb-inputs" onSubmit={submit} data-testid="rebuild-bases">
      <h3>Runtime base</h3>
      <datalist id={ids.list}>
        {suggestions.map((name) => (
          <option key={name} value={name} />
        ))}
      </datalist>
      <div className="rb-inputs-grid">
        <div className="rb-field">
          <label htmlFor={ids.runtime}>Runtime base image</label>
          <input
            id={ids.runtime}
            list={ids.list}
            className="rb-path"
            data-testid="rebuild-runtime-base"
            value={runtime}
            placeholder={plan.bases.runtime}
            onChange={(event) => setRuntime(event.target.value)}
            onBlur={() => commit()}
            spellCheck={false}
          />
          <span className="muted small">
            Now: <code>{plan.bases.runtime}</code>
            {planned.probed.runtime ? ' (asked of the engine)' : ' (guessed from the name)'}. The same Node.js release and libc as{' '}
            <code>{plan.bases.original}</code>; remembered for this folder.
          </span>
          {quick.length > 0 && (
            <div className="rb-suggestions" data-testid="rebuild-base-suggestions">
              <span className="muted small">Local images that look like runtime bases:</span>
              {quick.map((name) => (
                <button key={name} type="button" className="chip rb-chip-button" onClick={() => pick(name)} disabled={updating}>
                  {name}
                </button>
              ))}
            </div>
          )}
        </div>
        {named.length > 0 && plan.structure.multiStage && (
          <div className="rb-field">
            <label htmlFor={ids.target}>Stage to build</label>
            <select
              id={ids.target}
              value={target}
              data-testid="rebuild-target"
              onChange={(event) => {
                setTarget(event.target.value);
                commit({ target: event.target.value });
              }}
            >
              <option value="">the last one</option>
              {named.map((stage) => (
                <option key={stage.name} value={stage.name}>
                  {stage.name}
                </option>
              ))}
            </select>
          </div>
        )}
        <div className="rb-field">
          <label htmlFor={ids.args}>Build arguments (optional)</label>
          <textarea
            id={ids.args}
            className="rb-path rb-textarea"
            rows={2}
            value={buildArgs}
            data-testid="rebuild-build-args"
            onChange={(event) => setBuildArgs(event.target.value)}
            onBlur={() => commit()}
            placeholder="NODE_VERSION=18"
            aria-invalid={argProblems.length > 0}
            spellCheck={false}
          />
          <span className={argProblems.length > 0 ? 'inline-error small' : 'muted small'}>
            {argProblems[0] ?? 'KEY=VALUE, one a line, as for docker build.'}
          </span>
        </div>
      </div>
      <div className="actions">
        <button type="submit" disabled={updating} data-testid="rebuild-apply-bases">
          {updating ? 'Updating…' : 'Update the proposal'}
        </button>
      </div>
    </form>
  );
}

export function PlanStep({ planned, updating, inputs, onInputs, suggestions, settings, onSettings, tagGeneration, onBuild, onChangeContext }: Props) {
  const { plan } = planned;
  const [selected, setSelected] = useState<string>();
  const rows = useMemo(() => diffRows(plan.diff, plan.original, plan.changes), [plan]);
  const numbers = useMemo(() => new Map(plan.changes.map((change, index) => [change.id, index + 1])), [plan.changes]);
  const buildArgs = useMemo(() => {
    const { env } = parseEnvLines(inputs.buildArgs);
    return Object.keys(env).length > 0 ? env : undefined;
  }, [inputs.buildArgs]);
  const select = (id: string) => {
    setSelected((current) => (current === id ? undefined : id));
    document.querySelector(`[data-change="${CSS.escape(id)}"]`)?.scrollIntoView({ block: 'nearest', behavior: 'smooth' });
  };
  const leanName = planned.leanFiles.dockerfile.split(/[\\/]/).pop() ?? `${plan.dockerfileName}.lean`;
  const ignoreName = planned.leanFiles.dockerignore?.split(/[\\/]/).pop() ?? `${leanName}.dockerignore`;
  const proposed = plan.candidates.find((c) => c.id === plan.proposed);

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
            {plainMessage(message)}
          </p>
        ))}
      </section>

      <Findings plan={plan} />

      {plan.kind === 'lean-rewrite' && (
        <InputsForm key={planned.contextDir} planned={planned} inputs={inputs} onInputs={onInputs} suggestions={suggestions} updating={updating} />
      )}

      {plan.kind === 'lean-rewrite' && <Candidates plan={plan} verify={settings.verify.enabled} />}

      {plan.dockerfile !== null && (
        <section className="card" data-testid="rebuild-proposal">
          <h3>
            {plan.kind === 'lean-rewrite' ? (
              <>
                Proposed <code>{leanName}</code>
                {proposed && <span className="muted small"> · candidate {proposed.id}, unverified until built</span>}
              </>
            ) : (
              <>Your Dockerfile with the size lint’s fixes</>
            )}
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
                  <span className="chip">line {finding.line}</span> {plainMessage(finding.message)}
                </div>
                <div className="muted">{plainMessage(finding.fix)}</div>
                {finding.fixedText && <pre className="command-block">{finding.fixedText}</pre>}
              </li>
            ))}
          </ul>
        </Section>
      )}

      {plan.dockerignore && (
        <Section
          title={plan.dockerignore.existing === null ? 'Proposed .dockerignore' : '.dockerignore: your rules kept, these added'}
          testId="rebuild-dockerignore"
        >
          <p className="muted small">
            Written as <code>{ignoreName}</code> beside the Dockerfile; the lean build reads it. {plan.dockerignore.added.length} patterns added
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

      <BuildSettingsForm
        planned={planned}
        inputs={inputs}
        buildArgs={buildArgs}
        updating={updating}
        settings={settings}
        onSettings={onSettings}
        tagGeneration={tagGeneration}
        onBuild={onBuild}
      />
    </div>
  );
}

/**
 * The Build card: what the original and the lean image will be called (each name checked against the
 * engine as it is typed; a taken lean tag gets a new unused name or, when asked in words, is moved), the
 * files to save, the verification settings (environment, paths, command; remembered per context), the
 * command to build by hand, and Build — or, when nothing can be built, why.
 */
import { useId, useState } from 'react';
import { shortId } from '../../../shared/format';
import type { RebuildPlan, RunRebuildRequest, VerifySettings } from '../../../shared/rebuild';
import { CopyableCommand } from '../components/CopyableCommand';
import { useClient } from '../hooks/bridge-context';
import { leanTagFor } from './lean-tag';
import { lookupTag, useTagLookup, type TagCheck } from './useTagLookup';
import { verifySettingsOf, type VerifyForm } from './verify-form';
import { buildCommandWith } from './wording';

export interface PlanInputs {
  /** "" = the proposal's own suggestion. */
  runtimeBase: string;
  /** "" = the last stage. */
  target: string;
  /** KEY=VALUE lines. */
  buildArgs: string;
}

export interface BuildSettings {
  /** The original image's name ("" until the first proposal gives the default). */
  image: string;
  /** The lean image's name as typed; null: derived from the original's name (and renamed when taken). */
  leanTag: string | null;
  writeFiles: boolean;
  replaceTags: boolean;
  verify: VerifyForm;
}

interface Props {
  planned: RebuildPlan;
  inputs: PlanInputs;
  buildArgs: Record<string, string> | undefined;
  updating: boolean;
  settings: BuildSettings;
  onSettings: (settings: BuildSettings) => void;
  /** Changes after every build, so the names are asked about again. */
  tagGeneration: number;
  onBuild: (request: RunRebuildRequest, verify: VerifySettings) => void;
}

/** Why nothing can be built from this proposal, or null when something can. */
export function notBuildableReason(planned: RebuildPlan): string | null {
  const { plan } = planned;
  if (plan.kind === 'lint-only') {
    return 'Nothing to build: the lean rewrite covers Node.js projects, and this one has no package.json. Apply the size lint’s fixes to your Dockerfile.';
  }
  if (plan.kind === 'kept') {
    return 'Nothing to build: the image’s final stage does not run Node.js, so it is kept as it is (see the note above). Apply the size lint’s fixes to your Dockerfile.';
  }
  if (plan.candidates.length === 0) return 'Nothing to build: LayerLens found no lean candidate for this Dockerfile.';
  if (plan.proposed === null) {
    return 'Nothing to build: every candidate has a problem the static checks foresee (listed with each), and such a candidate is never built. Choose another runtime base above.';
  }
  return null;
}

function LeanTagStatus({
  wanted,
  check,
  auto,
  replace,
  onUse,
  onReplace,
}: {
  wanted: string;
  check: TagCheck | undefined;
  auto?: string;
  replace: boolean;
  onUse: (name: string) => void;
  onReplace: (replace: boolean) => void;
}) {
  if (!check) return <span className="muted small">Checking whether {wanted} exists…</span>;
  const { lookup } = check;
  if (lookup.kind === 'invalid') return <span className="inline-error small">{lookup.message}</span>;
  if (lookup.kind === 'unknown') return <span className="muted small">Could not ask the engine whether it exists: {lookup.message}</span>;
  if (lookup.kind === 'free')
    return (
      <span className="muted small" data-testid="rebuild-lean-tag-free">
        A new name: no image has it yet.
      </span>
    );
  return (
    <div className={replace || auto ? 'rb-tag-taken' : 'rb-tag-taken rb-tag-blocking'} data-testid="rebuild-lean-tag-taken">
      {auto ? (
        <p data-testid="rebuild-lean-tag-renamed">
          <code>{wanted}</code> already names an image ({shortId(lookup.id)}), so the lean image gets a new name: <code>{auto}</code>.
        </p>
      ) : (
        <p>
          <code>{wanted}</code> already names an image ({shortId(lookup.id)}). LayerLens does not move a tag unless you ask.{' '}
          {!replace && check.free && (
            <button type="button" className="link-button" onClick={() => onUse(check.free!)} data-testid="rebuild-use-free-tag">
              Use {check.free}
            </button>
          )}
        </p>
      )}
      <label className="rb-check">
        <input type="checkbox" checked={replace} onChange={(event) => onReplace(event.target.checked)} data-testid="rebuild-replace-tag" />
        <span>
          {auto ? (
            <>
              Replace <code>{wanted}</code> instead (moves the tag)
            </>
          ) : (
            <>Replace it (moves the tag)</>
          )}
          : the name <code>{wanted}</code> is taken from image {shortId(lookup.id)} and given to the new lean image; that image keeps its other names,
          or is left without one.
        </span>
      </label>
    </div>
  );
}

function OriginalStatus({ check, dockerfile }: { check: TagCheck | undefined; dockerfile: string }) {
  if (!check) return <span className="muted small">Checking…</span>;
  const { lookup } = check;
  if (lookup.kind === 'invalid') return <span className="inline-error small">{lookup.message}</span>;
  if (lookup.kind === 'exists') {
    return (
      <span className="muted small" data-testid="rebuild-image-exists">
        Exists ({shortId(lookup.id)}): reused as the original, not built again. Name another to build {dockerfile} afresh.
      </span>
    );
  }
  return <span className="muted small">Built from {dockerfile} and named so.</span>;
}

export function BuildSettingsForm({ planned, inputs, buildArgs, updating, settings, onSettings, tagGeneration, onBuild }: Props) {
  const client = useClient();
  const { plan } = planned;
  const ids = { image: useId(), lean: useId(), env: useId(), paths: useId(), command: useId(), port: useId(), timeout: useId() };
  const [starting, setStarting] = useState(false);
  const [startProblem, setStartProblem] = useState<string>();
  const [recheck, setRecheck] = useState(0);
  const generation = tagGeneration * 1000 + recheck;
  const why = notBuildableReason(planned);

  const image = settings.image.trim() || planned.defaults.image;
  const derived = image === planned.defaults.image ? planned.defaults.leanTag : leanTagFor(image);
  const wanted = settings.leanTag ?? derived;
  const imageCheck = useTagLookup(client, image, { generation });
  const leanCheck = useTagLookup(client, wanted, { findFree: true, generation });
  const taken = leanCheck?.lookup.kind === 'exists';
  // A derived name that is taken is replaced by a free one unless the user asked to move the tag.
  const auto = settings.leanTag === null && taken && !settings.replaceTags && leanCheck.free ? leanCheck.free : undefined;
  const leanTag = auto ?? wanted;
  const replace = taken && settings.replaceTags;

  const verify = verifySettingsOf(settings.verify);
  const verifyProblems = settings.verify.enabled ? verify.problems : [];
  const nameProblem =
    imageCheck?.lookup.kind === 'invalid'
      ? imageCheck.lookup.message
      : leanCheck?.lookup.kind === 'invalid'
        ? leanCheck.lookup.message
        : leanTag === image
          ? 'The lean image needs a name of its own (not the original’s).'
          : undefined;
  const checking = !imageCheck || !leanCheck;
  const blockedByTag = taken && !auto && !replace;
  const canBuild = why === null && !updating && !checking && !nameProblem && !blockedByTag && verifyProblems.length === 0 && !starting;

  const setVerify = (patch: Partial<VerifyForm>) => onSettings({ ...settings, verify: { ...settings.verify, ...patch } });

  const build = async () => {
    setStartProblem(undefined);
    setStarting(true);
    try {
      // Asked once more: another build may have taken the name since the field was checked.
      const fresh = await lookupTag(client, leanTag);
      if (fresh.kind === 'exists' && !settings.replaceTags) {
        setStartProblem(`${leanTag} has just been taken by another image: choose another name or replace it.`);
        setRecheck((n) => n + 1);
        return;
      }
      if (fresh.kind === 'invalid') {
        setStartProblem(fresh.message);
        return;
      }
      onBuild(
        {
          contextDir: planned.contextDir,
          dockerfile: plan.dockerfileName,
          ...(inputs.target ? { target: inputs.target } : {}),
          ...(inputs.runtimeBase ? { runtimeBase: inputs.runtimeBase } : {}),
          ...(buildArgs ? { buildArgs } : {}),
          image,
          leanTag,
          replaceTags: fresh.kind === 'exists' && settings.replaceTags,
          writeFiles: settings.writeFiles,
          ...(settings.verify.enabled ? { verify: verify.settings } : {}),
        },
        verify.settings,
      );
    } finally {
      setStarting(false);
    }
  };

  const leanFile = planned.leanFiles.dockerfile.split(/[\\/]/).pop() ?? `${plan.dockerfileName}.lean`;
  const ignoreFile = planned.leanFiles.dockerignore?.split(/[\\/]/).pop();

  return (
    <section className="card rb-build-settings" data-testid="rebuild-settings">
      <h3>Build</h3>
      {why !== null ? (
        <p className="muted" data-testid="rebuild-not-buildable">
          {why}
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
              <OriginalStatus check={imageCheck} dockerfile={plan.dockerfileName} />
            </div>
            <div className="rb-field">
              <label htmlFor={ids.lean}>Lean image</label>
              <input
                id={ids.lean}
                className="rb-path"
                data-testid="rebuild-lean-tag"
                value={leanTag}
                onChange={(event) => onSettings({ ...settings, leanTag: event.target.value, replaceTags: false })}
                spellCheck={false}
              />
              <LeanTagStatus
                wanted={wanted}
                check={leanCheck}
                auto={auto}
                replace={settings.replaceTags}
                onUse={(name) => onSettings({ ...settings, leanTag: name, replaceTags: false })}
                onReplace={(next) => onSettings({ ...settings, replaceTags: next })}
              />
            </div>
          </div>
          {nameProblem && leanTag === image && <p className="inline-error">{nameProblem}</p>}

          <label className="rb-check">
            <input
              type="checkbox"
              checked={settings.writeFiles}
              onChange={(event) => onSettings({ ...settings, writeFiles: event.target.checked })}
              data-testid="rebuild-write-files"
            />
            <span>
              Save <code>{leanFile}</code>
              {ignoreFile && (
                <>
                  {' '}
                  and <code>{ignoreFile}</code>
                </>
              )}{' '}
              beside the original (the chosen candidate’s; your own files are never overwritten)
            </span>
          </label>

          <label className="rb-check">
            <input
              type="checkbox"
              checked={settings.verify.enabled}
              onChange={(event) => setVerify({ enabled: event.target.checked })}
              data-testid="rebuild-verify"
            />
            <span>
              <strong>Verify (let verification choose)</strong>: run each candidate beside the original and keep the first that behaves like it
            </span>
          </label>
          {settings.verify.enabled && (
            <fieldset className="rb-verify-fields rb-indent" data-testid="rebuild-verify-settings">
              <legend className="muted small">How the app is run for verification (remembered for this folder)</legend>
              <div className="rb-field">
                <label htmlFor={ids.env}>Environment</label>
                <textarea
                  id={ids.env}
                  className="rb-path rb-textarea"
                  rows={3}
                  data-testid="rebuild-verify-env"
                  value={settings.verify.env}
                  onChange={(event) => setVerify({ env: event.target.value })}
                  placeholder={'DATABASE_URL=postgres://…\nNODE_ENV=production'}
                  spellCheck={false}
                />
                <span className="muted small">KEY=VALUE, one a line; given to both containers.</span>
              </div>
              <div className="rb-verify-row">
                <div className="rb-field">
                  <label htmlFor={ids.paths}>Paths to request</label>
                  <input
                    id={ids.paths}
                    className="rb-path"
                    data-testid="rebuild-verify-paths"
                    value={settings.verify.paths}
                    onChange={(event) => setVerify({ paths: event.target.value })}
                    placeholder="/"
                    spellCheck={false}
                  />
                  <span className="muted small">
                    GET each on both containers
                    {plan.verify.ports.length > 0 ? ` (exposed port ${plan.verify.ports.join(', ')})` : ''}; without a port: exit code and output.
                  </span>
                </div>
                <div className="rb-field">
                  <label htmlFor={ids.command}>Command (optional)</label>
                  <input
                    id={ids.command}
                    className="rb-path"
                    data-testid="rebuild-verify-command"
                    value={settings.verify.command}
                    onChange={(event) => setVerify({ command: event.target.value })}
                    placeholder="the image’s own"
                    spellCheck={false}
                  />
                  <span className="muted small">Run instead of the image’s command, in both images alike.</span>
                </div>
                <div className="rb-field rb-narrow">
                  <label htmlFor={ids.port}>Port</label>
                  <input
                    id={ids.port}
                    className="rb-path"
                    inputMode="numeric"
                    data-testid="rebuild-verify-port"
                    value={settings.verify.port}
                    onChange={(event) => setVerify({ port: event.target.value })}
                    placeholder={plan.verify.ports[0] ? String(plan.verify.ports[0]) : 'none'}
                  />
                </div>
                <div className="rb-field rb-narrow">
                  <label htmlFor={ids.timeout}>Wait (s)</label>
                  <input
                    id={ids.timeout}
                    className="rb-path"
                    inputMode="numeric"
                    data-testid="rebuild-verify-timeout"
                    value={settings.verify.timeout}
                    onChange={(event) => setVerify({ timeout: event.target.value })}
                    placeholder="30"
                  />
                </div>
              </div>
              {verifyProblems.length > 0 && (
                <ul className="inline-error small" data-testid="rebuild-verify-problems">
                  {verifyProblems.map((problem) => (
                    <li key={problem}>{problem}</li>
                  ))}
                </ul>
              )}
            </fieldset>
          )}

          {plan.buildCommand && (
            <div className="rb-field" data-testid="rebuild-build-command">
              <span className="rb-label">To build the proposal by hand or in CI</span>
              <CopyableCommand command={buildCommandWith(plan.buildCommand, leanTag)} />
              <span className="muted small">
                Once <code>{leanFile}</code> is saved (Build saves the chosen candidate’s).
              </span>
            </div>
          )}
        </>
      )}
      {startProblem && (
        <p className="inline-error" role="alert">
          {startProblem}
        </p>
      )}
      {why === null && (
        <div className="actions">
          <button className="primary" disabled={!canBuild} onClick={() => void build()} data-testid="rebuild-build">
            {starting ? 'Checking the names…' : settings.verify.enabled ? 'Build and verify' : 'Build (unverified)'}
          </button>
          {checking && <span className="muted small">Checking the names…</span>}
        </div>
      )}
    </section>
  );
}

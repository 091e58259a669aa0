/**
 * "Rebuild as multi-stage": build context -> 1. the proposal (what LayerLens found, the candidates, the
 * diff with reasons, the runtime base, the names and the verification settings) -> 2. the build (phases,
 * candidates, log, cancel) -> 3. the result (the verdict, the attempts, sizes, verification, config and
 * measured claims). Opened for an image, the build context is asked once and remembered for it; opened
 * for a folder, it starts with the folder. The verification settings are remembered per context with
 * `rememberContext`, the runtime base in the browser's storage (the contract has no field for it).
 * A failed build returns to the form with every input kept; Escape only closes what is open in the wizard.
 */
import { useCallback, useEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { ImageSummary } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import type { RebuildOutcome, RebuildPlan, RunRebuildRequest, VerifySettings } from '../../../shared/rebuild';
import { Spinner } from '../components/Spinner';
import { useClient } from '../hooks/bridge-context';
import { useAppInfo } from '../hooks/useAppInfo';
import { isTyping } from '../lib/keys';
import { newOperationId } from '../lib/operation-id';
import { emptyBuildLog, finishLog, foldProgress, stopLog, type BuildLog } from './build-log';
import { BuildStep } from './BuildStep';
import { ContextStep, type ContextChoice } from './ContextStep';
import { dockerfilePosition } from './diff-rows';
import { runtimeBaseSuggestions } from './lean-tag';
import { PlanStep, type BuildSettings, type PlanInputs } from './PlanStep';
import { ResultStep } from './ResultStep';
import type { RebuildRoute } from './rebuild-route';
import { rememberedForContext, rememberForContext } from './ui-memory';
import { defaultVerifyForm, parseEnvLines, verifyFormOf } from './verify-form';
import { plainMessage } from './wording';

type Step = 'context' | 'plan' | 'build' | 'result';

type PlanState =
  { kind: 'idle' } | { kind: 'loading'; previous?: RebuildPlan } | { kind: 'ready'; planned: RebuildPlan } | { kind: 'failed'; error: ApiErrorData };

type BuildState =
  { kind: 'running'; operationId: string; cancelling: boolean } | { kind: 'failed'; error: ApiErrorData } | { kind: 'done'; outcome: RebuildOutcome };

const stepTitles: { id: Step; title: string }[] = [
  { id: 'plan', title: 'Proposal' },
  { id: 'build', title: 'Build' },
  { id: 'result', title: 'Result' },
];

const emptyInputs: PlanInputs = { runtimeBase: '', target: '', buildArgs: '' };

function Steps({ step }: { step: Step }) {
  const at = stepTitles.findIndex((s) => s.id === step);
  return (
    <ol className="rb-steps" aria-label="Steps">
      {stepTitles.map((s, index) => (
        <li key={s.id} className={index === at ? 'on' : index < at ? 'done' : ''} aria-current={index === at ? 'step' : undefined}>
          <span className="rb-step-number">{index + 1}</span> {s.title}
        </li>
      ))}
    </ol>
  );
}

function PlanFailure({ error, onRetry, onChangeContext }: { error: ApiErrorData; onRetry: () => void; onChangeContext: () => void }) {
  const position = error.code === 'INVALID_DOCKERFILE' ? dockerfilePosition(error.detail ?? error.message) : null;
  return (
    <section className="card error-panel" role="alert" data-testid="rebuild-plan-error" data-code={error.code}>
      <h2>{error.code === 'INVALID_DOCKERFILE' ? 'The Dockerfile has a syntax error' : 'No proposal for this folder'}</h2>
      {position && (
        <p data-testid="rebuild-error-position">
          <strong>
            Line {position.line}, column {position.column}
          </strong>
        </p>
      )}
      <p className="error-message">{plainMessage(error.message)}</p>
      <p className="muted">Fix the file, then read it again — or choose another folder.</p>
      <div className="actions">
        <button className="primary" onClick={onRetry} data-testid="rebuild-plan-retry">
          Read it again
        </button>
        <button onClick={onChangeContext}>Choose another folder</button>
      </div>
    </section>
  );
}

/**
 * Escape inside the wizard closes what is open inside it (the <details> around the focus, else the last one
 * opened; the export panel) and nothing else: it never leaves the page, least of all while typing.
 */
function closeOnEscape(event: KeyboardEvent<HTMLElement>): void {
  if (event.key !== 'Escape' || event.defaultPrevented) return;
  const root = event.currentTarget;
  const target = event.target instanceof Element ? event.target : null;
  event.stopPropagation(); // no page-level handler sees it (none may navigate away from here)
  const panel = target?.closest('[data-testid="export-report"]')?.querySelector<HTMLButtonElement>('button[aria-expanded="true"]');
  if (panel && root.contains(panel)) {
    event.preventDefault();
    panel.click();
    panel.focus();
    return;
  }
  if (isTyping(target)) return; // the field's own Escape (a suggestion list closes), nothing more
  const around = target?.closest('details[open]');
  const open = around && root.contains(around) ? around : [...root.querySelectorAll('details[open]')].pop();
  if (open instanceof HTMLDetailsElement) {
    event.preventDefault();
    open.open = false;
    open.querySelector<HTMLElement>('summary')?.focus();
  }
}

interface Props {
  route: RebuildRoute;
  images?: ImageSummary[];
  onBack: () => void;
}

export function RebuildWizard({ route, images, onBack }: Props) {
  const client = useClient();
  const app = useAppInfo();
  const imageRef = route.from === 'image' ? route.ref : undefined;
  const [step, setStep] = useState<Step>(imageRef ? 'plan' : 'context');
  const [context, setContext] = useState<ContextChoice>();
  const [missing, setMissing] = useState<string>();
  const [inputs, setInputs] = useState<PlanInputs>(emptyInputs);
  const [planState, setPlanState] = useState<PlanState>({ kind: imageRef ? 'loading' : 'idle' });
  const [planAttempt, setPlanAttempt] = useState(0);
  const [settings, setSettingsState] = useState<BuildSettings>({
    image: '',
    leanTag: null,
    writeFiles: true,
    replaceTags: false,
    verify: defaultVerifyForm,
  });
  const [build, setBuild] = useState<BuildState>();
  const [log, setLog] = useState<BuildLog>(emptyBuildLog);
  const [tagGeneration, setTagGeneration] = useState(0);
  const heading = useRef<HTMLHeadingElement>(null);
  const remembered = useRef(false);
  /** The verification settings were changed by the user: remembered ones no longer replace them. */
  const verifyTouched = useRef(false);
  /** Contexts whose remembered verification settings were looked up (folder flow). */
  const verifyLookedUp = useRef(new Set<string>());

  const setSettings = useCallback((next: BuildSettings) => {
    setSettingsState((current) => {
      if (current.verify !== next.verify) verifyTouched.current = true;
      return next;
    });
  }, []);
  const prefillVerify = useCallback((verify: VerifySettings | undefined) => {
    if (!verify || verifyTouched.current) return;
    setSettingsState((current) => ({ ...current, verify: verifyFormOf(verify, current.verify.enabled) }));
  }, []);

  /** A context chosen (or remembered): its remembered runtime base (and, for a folder, image name) come with it. */
  const openContext = useCallback(
    (choice: ContextChoice) => {
      const memory = rememberedForContext(choice.contextDir, choice.dockerfile);
      setInputs({ ...emptyInputs, runtimeBase: memory.runtimeBase ?? '' });
      if (!imageRef) setSettingsState((current) => ({ ...current, image: memory.image ?? '', leanTag: null, replaceTags: false }));
      setContext(choice);
    },
    [imageRef],
  );

  // Opened for an image: the remembered folder (and its verification settings), if any, else ask.
  useEffect(() => {
    if (!imageRef) return;
    let live = true;
    client.getRememberedContext(imageRef).then(
      (found) => {
        if (!live) return;
        if (found?.exists) {
          remembered.current = true;
          prefillVerify(found.verify);
          openContext({ contextDir: found.contextDir, dockerfile: found.dockerfile });
        } else {
          setMissing(found?.contextDir);
          setPlanState({ kind: 'idle' });
          setStep('context');
        }
      },
      () => {
        if (!live) return;
        setPlanState({ kind: 'idle' });
        setStep('context');
      },
    );
    return () => {
      live = false;
    };
  }, [client, imageRef, openContext, prefillVerify]);

  // The proposal, again whenever the folder or the inputs change (or the user asks to read it again).
  useEffect(() => {
    if (!context) return;
    let live = true;
    const operationId = newOperationId();
    const { env: buildArgs } = parseEnvLines(inputs.buildArgs);
    client
      .planRebuild({
        contextDir: context.contextDir,
        dockerfile: context.dockerfile,
        ...(inputs.runtimeBase ? { runtimeBase: inputs.runtimeBase } : {}),
        ...(inputs.target ? { target: inputs.target } : {}),
        ...(Object.keys(buildArgs).length > 0 ? { buildArgs } : {}),
        image: imageRef,
        operationId,
      })
      .then(
        (planned) => {
          if (!live) return;
          setPlanState({ kind: 'ready', planned });
          setSettingsState((current) => ({ ...current, image: current.image || planned.defaults.image }));
          if (imageRef && !remembered.current) {
            remembered.current = true;
            void client.rememberContext(imageRef, planned.contextDir, context.dockerfile).catch(() => undefined);
          }
          // A folder opened directly: the settings last used for its image, if they were for this folder.
          if (!imageRef && !verifyLookedUp.current.has(planned.contextDir)) {
            verifyLookedUp.current.add(planned.contextDir);
            const name = rememberedForContext(planned.contextDir, context.dockerfile).image ?? planned.defaults.image;
            client.getRememberedContext(name).then(
              (found) => live && found?.contextDir === planned.contextDir && prefillVerify(found.verify),
              () => undefined,
            );
          }
        },
        (error: unknown) => live && setPlanState({ kind: 'failed', error: toErrorData(error) }),
      );
    return () => {
      live = false;
      void client.cancel(operationId).catch(() => undefined);
    };
  }, [client, context, inputs, imageRef, planAttempt, prefillVerify]);

  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  /** Shows "updating" (the previous proposal and the form stay) until the effect above answers. */
  const planLoading = () =>
    setPlanState((current) => ({
      kind: 'loading',
      previous: current.kind === 'ready' ? current.planned : current.kind === 'loading' ? current.previous : undefined,
    }));
  const changeInputs = (next: PlanInputs) => {
    planLoading();
    setInputs(next);
    if (context && next.runtimeBase !== inputs.runtimeBase) {
      const dir = planState.kind === 'ready' ? planState.planned.contextDir : context.contextDir;
      rememberForContext(dir, context.dockerfile, { runtimeBase: next.runtimeBase });
    }
  };
  const replan = () => {
    setPlanState({ kind: 'loading' });
    setPlanAttempt((n) => n + 1);
  };
  /** Back to the form with every input kept, the folder read again (the user may have fixed a file). */
  const backToForm = () => {
    planLoading();
    setPlanAttempt((n) => n + 1);
    setStep('plan');
  };

  const chooseContext = (choice: ContextChoice) => {
    if (imageRef) remembered.current = false; // a new folder for this image is remembered once it reads
    setMissing(undefined);
    setPlanState({ kind: 'loading' });
    openContext(choice);
    setStep('plan');
  };

  const runBuild = useCallback(
    (request: RunRebuildRequest) => {
      const operationId = newOperationId();
      setLog(emptyBuildLog());
      setBuild({ kind: 'running', operationId, cancelling: false });
      setStep('build');
      // Progress arrives fast (log lines): fold it in batches, a few times a second.
      let pending: Parameters<typeof foldProgress>[1][] = [];
      let timer: ReturnType<typeof setTimeout> | undefined;
      const flush = () => {
        timer = undefined;
        const events = pending;
        pending = [];
        if (events.length > 0) setLog((current) => events.reduce(foldProgress, current));
      };
      const off = client.on('progress', (event) => {
        if (event.operationId !== operationId) return;
        pending.push(event);
        timer ??= setTimeout(flush, 100);
      });
      const settle = (next: BuildState, end: (log: BuildLog) => BuildLog) => {
        off();
        if (timer) clearTimeout(timer);
        flush();
        setLog(end);
        setTagGeneration((n) => n + 1); // the names may exist now: ask again
        setBuild((current) => (current?.kind === 'running' && current.operationId === operationId ? next : current));
      };
      client.runRebuild(request, { operationId }).then(
        (outcome) => {
          settle({ kind: 'done', outcome }, finishLog);
          setStep((current) => (current === 'build' ? 'result' : current));
        },
        (error: unknown) => {
          const data = toErrorData(error);
          settle({ kind: 'failed', error: data }, (current) => stopLog(current, data.code === 'CANCELLED' ? 'cancelled' : 'failed'));
        },
      );
    },
    [client],
  );

  const startBuild = (request: RunRebuildRequest, verify: VerifySettings) => {
    rememberForContext(request.contextDir, context?.dockerfile, { runtimeBase: inputs.runtimeBase, ...(imageRef ? {} : { image: request.image }) });
    // The folder and how the app is run for verification, remembered for the image (the one opened, or the
    // original's name when a folder was opened directly).
    const ref = imageRef ?? request.image;
    if (ref) void client.rememberContext(ref, request.contextDir, request.dockerfile, verify).catch(() => undefined);
    runBuild(request);
  };

  // Leaving the wizard cancels a running build.
  const running = build?.kind === 'running' ? build.operationId : undefined;
  useEffect(() => {
    if (!running) return;
    return () => void client.cancel(running).catch(() => undefined);
  }, [client, running]);

  const cancel = () => {
    if (build?.kind !== 'running') return;
    setBuild({ ...build, cancelling: true });
    void client.cancel(build.operationId).catch(() => undefined);
  };

  const title = imageRef ? `Rebuild ${imageRef} as multi-stage` : 'Optimize a Dockerfile';
  const ready = planState.kind === 'ready' ? planState.planned : planState.kind === 'loading' ? planState.previous : undefined;

  const content = () => {
    if (step === 'context') {
      return (
        <ContextStep initial={context} imageRef={imageRef} canBrowse={app?.frontDoor === 'electron'} missing={missing} onSubmit={chooseContext} />
      );
    }
    if (step === 'plan') {
      if (planState.kind === 'failed') {
        return <PlanFailure error={planState.error} onRetry={replan} onChangeContext={() => setStep('context')} />;
      }
      if (!ready) return <Spinner label={context ? `Reading ${context.contextDir}…` : 'Looking for the build context of this image…'} />;
      const plan = ready.plan;
      const suggestions = runtimeBaseSuggestions(
        images,
        [plan.bases.runtime, ...plan.candidates.map((c) => c.choices.runtimeBase).filter((b) => b !== plan.bases.original)],
        plan.bases.original,
      );
      return (
        <PlanStep
          key={ready.contextDir}
          planned={ready}
          updating={planState.kind === 'loading'}
          inputs={inputs}
          onInputs={changeInputs}
          suggestions={suggestions}
          settings={settings}
          onSettings={setSettings}
          tagGeneration={tagGeneration}
          onBuild={startBuild}
          onChangeContext={() => setStep('context')}
        />
      );
    }
    if (step === 'build' || (step === 'result' && build?.kind !== 'done')) {
      return (
        <BuildStep
          log={log}
          candidates={ready?.plan.candidates ?? []}
          error={build?.kind === 'failed' ? build.error : null}
          cancelling={build?.kind === 'running' && build.cancelling}
          onCancel={cancel}
          onRetry={backToForm}
        />
      );
    }
    if (build?.kind === 'done') return <ResultStep outcome={build.outcome} onAgain={() => setStep('plan')} />;
    return null;
  };

  return (
    <div className="page rb-page" data-testid="rebuild-page" onKeyDown={closeOnEscape}>
      <div className="page-toolbar">
        <button className="back-button" onClick={onBack} data-testid="rebuild-back">
          ← {imageRef ? 'Image' : 'Images'}
        </button>
        {step !== 'context' && <Steps step={step} />}
      </div>
      <h1 ref={heading} tabIndex={-1} className="rb-title" data-testid="rebuild-title">
        {title}
      </h1>
      {content()}
    </div>
  );
}

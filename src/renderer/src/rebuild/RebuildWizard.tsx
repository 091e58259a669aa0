/**
 * "Rebuild as multi-stage": build context -> 1. the proposal (diff with reasons, lint, .dockerignore, bases)
 * -> 2. the build (progress, log, cancel) -> 3. the result side by side. Opened for an image, the build
 * context is asked once and remembered for it; opened for a folder, it starts with the folder.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { ImageSummary } from '../../../shared/contract';
import { toErrorData, type ApiErrorData } from '../../../shared/errors';
import type { RebuildOutcome, RebuildPlan, RunRebuildRequest } from '../../../shared/rebuild';
import { Spinner } from '../components/Spinner';
import { useClient } from '../hooks/bridge-context';
import { useAppInfo } from '../hooks/useAppInfo';
import { emptyBuildLog, finishLog, foldProgress, type BuildLog } from './build-log';
import { BuildStep } from './BuildStep';
import { ContextStep, type ContextChoice } from './ContextStep';
import { dockerfilePosition } from './diff-rows';
import { PlanStep, type BuildSettings } from './PlanStep';
import { ResultStep } from './ResultStep';
import type { RebuildRoute } from './rebuild-route';

type Step = 'context' | 'plan' | 'build' | 'result';

type PlanState = { kind: 'idle' } | { kind: 'loading'; previous?: RebuildPlan } | { kind: 'ready'; planned: RebuildPlan } | { kind: 'failed'; error: ApiErrorData };

type BuildState = { kind: 'running'; operationId: string; cancelling: boolean } | { kind: 'failed'; error: ApiErrorData } | { kind: 'done'; outcome: RebuildOutcome };

const stepTitles: { id: Step; title: string }[] = [
  { id: 'plan', title: 'Proposal' },
  { id: 'build', title: 'Build' },
  { id: 'result', title: 'Result' },
];

function newId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `op-${Date.now()}-${Math.random()}`;
}

function suggestionsOf(images: ImageSummary[] | undefined): string[] {
  const names = new Set<string>();
  for (const image of images ?? []) for (const tag of image.repoTags) if (!tag.endsWith(':<none>')) names.add(tag);
  return [...names].sort();
}

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
      <p className="error-message">{error.message}</p>
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
  const [bases, setBases] = useState({ runtime: '', builder: '' });
  const [planState, setPlanState] = useState<PlanState>({ kind: imageRef ? 'loading' : 'idle' });
  const [planAttempt, setPlanAttempt] = useState(0);
  const [settings, setSettings] = useState<BuildSettings>({ image: '', leanTag: '', writeFiles: true, replaceTags: false, verify: true, verifyPaths: '/' });
  const [build, setBuild] = useState<BuildState>();
  const [log, setLog] = useState<BuildLog>(emptyBuildLog);
  const heading = useRef<HTMLHeadingElement>(null);
  const remembered = useRef(false);

  // Opened for an image: the remembered folder, if any, else ask.
  useEffect(() => {
    if (!imageRef) return;
    let live = true;
    client.getRememberedContext(imageRef).then(
      (found) => {
        if (!live) return;
        if (found?.exists) {
          remembered.current = true;
          setContext({ contextDir: found.contextDir, dockerfile: found.dockerfile });
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
  }, [client, imageRef]);

  // The proposal, again whenever the folder or the bases change.
  useEffect(() => {
    if (!context) return;
    let live = true;
    const operationId = newId();
    client
      .planRebuild({
        contextDir: context.contextDir,
        dockerfile: context.dockerfile,
        runtimeBase: bases.runtime || undefined,
        builderBase: bases.builder || undefined,
        image: imageRef,
        operationId,
      })
      .then(
        (planned) => {
          if (!live) return;
          setPlanState({ kind: 'ready', planned });
          setSettings((current) => ({
            ...current,
            image: current.image || planned.defaults.image,
            leanTag: current.leanTag || planned.defaults.leanTag,
          }));
          if (imageRef && !remembered.current) {
            remembered.current = true;
            void client.rememberContext(imageRef, planned.contextDir, context.dockerfile).catch(() => undefined);
          }
        },
        (error: unknown) => live && setPlanState({ kind: 'failed', error: toErrorData(error) }),
      );
    return () => {
      live = false;
      void client.cancel(operationId).catch(() => undefined);
    };
  }, [client, context, bases, imageRef, planAttempt]);

  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  /** Shows "updating" (the previous proposal stays visible) until the effect above answers. */
  const planLoading = () =>
    setPlanState((current) => ({ kind: 'loading', previous: current.kind === 'ready' ? current.planned : current.kind === 'loading' ? current.previous : undefined }));
  const changeBases = (next: { runtime: string; builder: string }) => {
    planLoading();
    setBases(next);
  };
  const replan = () => {
    setPlanState({ kind: 'loading' });
    setPlanAttempt((n) => n + 1);
  };

  const chooseContext = (choice: ContextChoice) => {
    if (imageRef) remembered.current = false; // a new folder for this image is remembered once it reads
    setMissing(undefined);
    setSettings((current) => (imageRef ? current : { ...current, image: '', leanTag: '' }));
    setPlanState({ kind: 'loading' });
    setContext(choice);
    setStep('plan');
  };

  const runBuild = useCallback(
    (request: RunRebuildRequest) => {
      const operationId = newId();
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
        setLog((current) => events.reduce(foldProgress, current));
      };
      const off = client.on('progress', (event) => {
        if (event.operationId !== operationId) return;
        pending.push(event);
        timer ??= setTimeout(flush, 100);
      });
      const settle = (next: BuildState) => {
        off();
        if (timer) clearTimeout(timer);
        flush();
        setBuild((current) => (current?.kind === 'running' && current.operationId === operationId ? next : current));
      };
      client.runRebuild(request, { operationId }).then(
        (outcome) => {
          setLog((current) => finishLog(current));
          settle({ kind: 'done', outcome });
          setStep((current) => (current === 'build' ? 'result' : current));
        },
        (error: unknown) => settle({ kind: 'failed', error: toErrorData(error) }),
      );
    },
    [client],
  );
  const lastRequest = useRef<RunRebuildRequest>(undefined);
  const startBuild = (request: RunRebuildRequest) => {
    lastRequest.current = request;
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
      return <ContextStep initial={context} imageRef={imageRef} canBrowse={app?.frontDoor === 'electron'} missing={missing} onSubmit={chooseContext} />;
    }
    if (step === 'plan') {
      if (planState.kind === 'failed') {
        return <PlanFailure error={planState.error} onRetry={replan} onChangeContext={() => setStep('context')} />;
      }
      if (!ready) return <Spinner label={context ? `Reading ${context.contextDir}…` : 'Looking for the build context of this image…'} />;
      return (
        <PlanStep
          key={ready.contextDir}
          planned={ready}
          updating={planState.kind === 'loading'}
          bases={bases}
          onBases={changeBases}
          suggestions={suggestionsOf(images)}
          settings={settings}
          onSettings={setSettings}
          onBuild={startBuild}
          onChangeContext={() => setStep('context')}
        />
      );
    }
    if (step === 'build' || (step === 'result' && build?.kind !== 'done')) {
      return (
        <BuildStep
          log={log}
          error={build?.kind === 'failed' ? build.error : null}
          cancelling={build?.kind === 'running' && build.cancelling}
          onCancel={cancel}
          onBack={() => setStep('plan')}
          onRetry={() => lastRequest.current && runBuild(lastRequest.current)}
        />
      );
    }
    if (build?.kind === 'done') return <ResultStep outcome={build.outcome} onAgain={() => setStep('plan')} />;
    return null;
  };

  return (
    <div className="page rb-page" data-testid="rebuild-page">
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

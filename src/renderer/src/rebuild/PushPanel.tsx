/**
 * After a rebuild: push the lean image to the registry its name points to. The registry is asked first
 * whether it has the tag; a tag it has is only moved after a confirmation that says so. Progress in bytes,
 * Cancel, and a failure that says what to do (log in, the registry cannot be reached, …).
 */
import { useCallback, useEffect, useReducer, useRef } from 'react';
import { toErrorData } from '../../../shared/errors';
import { shortId } from '../../../shared/format';
import type { BuiltImage } from '../../../shared/rebuild';
import { CopyableCommand } from '../components/CopyableCommand';
import { useClient } from '../hooks/bridge-context';
import { newOperationId } from '../lib/operation-id';
import { loginCommand, pushAmount, pushFailureTitle, pushReducer, pushTargetOf, pushTargetText } from './push-offer';

interface Props {
  lean: BuiltImage;
  /** The lean image was verified to behave like the original. */
  verified: boolean;
}

export function PushPanel({ lean, verified }: Props) {
  const client = useClient();
  const target = pushTargetOf(lean.image);
  const [state, dispatch] = useReducer(pushReducer, { kind: 'idle' });
  const running = useRef<string | undefined>(undefined);
  const live = useRef(true);

  useEffect(() => {
    live.current = true;
    return () => {
      live.current = false;
      // Leaving the result: a push nobody watches is stopped, as every other operation of the page.
      if (running.current) void client.cancel(running.current).catch(() => undefined);
    };
  }, [client]);

  const push = useCallback(
    async (replace: boolean) => {
      if (!target) return;
      const operationId = newOperationId();
      running.current = operationId;
      const off = client.on('progress', (event) => {
        if (event.operationId === operationId && live.current)
          dispatch({ type: 'progress', done: event.done, total: event.total, detail: event.detail });
      });
      try {
        const result = await client.pushImage({ image: target.image, ...(replace ? { replace: true } : {}) }, { operationId });
        if (live.current) dispatch({ type: 'pushed', result });
      } catch (error) {
        if (live.current) dispatch({ type: 'failed', error: toErrorData(error) });
      } finally {
        off();
        running.current = undefined;
      }
    },
    [client, target],
  );

  const start = useCallback(async () => {
    if (!target) return;
    dispatch({ type: 'check' });
    try {
      const remote = await client.checkRemoteTag(target.image);
      if (!live.current) return;
      dispatch({ type: 'checked', remote });
      if (!remote.exists) await push(false);
    } catch (error) {
      if (live.current) dispatch({ type: 'failed', error: toErrorData(error) });
    }
  }, [client, target, push]);

  const confirm = () => {
    dispatch({ type: 'confirm' });
    void push(true);
  };

  const cancel = () => {
    if (running.current) void client.cancel(running.current).catch(() => undefined);
  };

  if (!target) {
    return (
      <section className="card rb-push" data-testid="rebuild-push" data-state="unpushable">
        <h3>Push</h3>
        <p className="muted">
          <code>{lean.image}</code> names no repository and tag, so it cannot be pushed. Build with a lean name in your registry (REGISTRY/REPO:TAG)
          to push it from here.
        </p>
      </section>
    );
  }
  const where = pushTargetText(target);
  return (
    <section className="card rb-push" data-testid="rebuild-push" data-state={state.kind}>
      <h3>Push the lean image</h3>
      <p className="muted">
        To <strong>{target.registry === 'docker.io' ? 'Docker Hub (docker.io)' : target.registry}</strong>, repository{' '}
        <code>{target.repository}</code>, tag <code>{target.tag}</code>: the image <code className="selectable">{shortId(lean.id)}</code> as the
        engine has it, with the docker CLI’s credentials.
        {!target.explicitRegistry &&
          ' The lean name names no registry, so Docker reads it as Docker Hub; build with REGISTRY/REPO:TAG as the lean name to push elsewhere.'}
        {!verified && ' It was not verified to behave like the original.'}
      </p>
      {(state.kind === 'idle' || state.kind === 'cancelled') && (
        <div className="actions">
          <button className="primary" data-testid="rebuild-push-button" onClick={() => void start()}>
            Push to {where}
          </button>
          {state.kind === 'cancelled' && (
            <span className="muted" data-testid="rebuild-push-cancelled">
              Push cancelled. Layers already sent stay in the registry; the tag was not written.
            </span>
          )}
        </div>
      )}
      {state.kind === 'checking' && (
        <div className="spinner-line" role="status" data-testid="rebuild-push-checking">
          <span className="spinner" aria-hidden="true" />
          Asking {target.registry} whether it has {target.repository}:{target.tag}…
        </div>
      )}
      {state.kind === 'confirm' && (
        <div className="rb-tag-taken rb-push-confirm" role="alertdialog" aria-labelledby="rb-push-confirm-title" data-testid="rebuild-push-confirm">
          <p id="rb-push-confirm-title">
            <strong>{where} already exists in the registry</strong>
            {state.remote.digest && (
              <>
                {' '}
                (<code className="selectable">{state.remote.digest}</code>)
              </>
            )}
            .
          </p>
          <p>
            Pushing moves that tag to the lean image: whoever pulls {where} from now on gets the lean image, and the image it names now keeps only its
            digest.
          </p>
          <div className="actions">
            <button className="danger" data-testid="rebuild-push-replace" onClick={confirm}>
              Move the tag {target.tag} and push
            </button>
            <button data-testid="rebuild-push-keep" onClick={() => dispatch({ type: 'reset' })}>
              Keep the tag as it is
            </button>
          </div>
        </div>
      )}
      {state.kind === 'pushing' && <PushProgress done={state.done} total={state.total} detail={state.detail} where={where} onCancel={cancel} />}
      {state.kind === 'pushed' && (
        <div data-testid="rebuild-pushed">
          <p className="rb-pass">
            Pushed <code className="selectable">{state.result.image}</code>
            {state.result.digest && (
              <>
                {' '}
                as{' '}
                <code className="selectable" data-testid="rebuild-pushed-digest">
                  {state.result.digest}
                </code>
              </>
            )}
            {state.result.replaced && (
              <>
                {' '}
                — the tag moved
                {state.result.previousDigest ? (
                  <>
                    {' '}
                    from <code className="selectable">{state.result.previousDigest}</code>
                  </>
                ) : null}
              </>
            )}
            .
          </p>
          <CopyableCommand command={`docker pull ${state.result.image}`} />
        </div>
      )}
      {state.kind === 'failed' && (
        <div className="rb-push-error" role="alert" data-testid="rebuild-push-error" data-code={state.error.code}>
          <p>
            <strong data-testid="rebuild-push-error-title">{pushFailureTitle(state.error, target.registry)}</strong>
          </p>
          <p className="inline-error" data-testid="rebuild-push-error-message">
            {state.error.message}
          </p>
          {state.error.code === 'UNAUTHORIZED' && <CopyableCommand command={loginCommand(target.registry)} />}
          {state.error.detail && state.error.detail !== state.error.message && (
            <details className="rb-details">
              <summary>Details</summary>
              <pre className="rb-log rb-log-short">{state.error.detail}</pre>
            </details>
          )}
          <div className="actions">
            <button data-testid="rebuild-push-retry" onClick={() => void start()}>
              Try again
            </button>
          </div>
        </div>
      )}
    </section>
  );
}

function PushProgress({
  done,
  total,
  detail,
  where,
  onCancel,
}: {
  done: number;
  total?: number;
  detail?: string;
  where: string;
  onCancel: () => void;
}) {
  const amount = pushAmount(done, total);
  return (
    <div className="progress" data-testid="rebuild-push-progress" role="status" aria-live="polite">
      <div className="progress-line">
        <span className="spinner small" aria-hidden="true" />
        <span className="progress-phase">Pushing to {where}</span>
        <span className="muted numeric" data-testid="rebuild-push-amount">
          {amount.text}
        </span>
        <button className="progress-cancel" data-testid="rebuild-push-cancel" onClick={onCancel}>
          Cancel
        </button>
      </div>
      <div
        className={amount.ratio === undefined ? 'progress-track indeterminate' : 'progress-track'}
        role="progressbar"
        aria-label={`Pushing to ${where}`}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={amount.ratio === undefined ? undefined : Math.round(amount.ratio * 100)}
      >
        <span className="progress-fill" style={amount.ratio === undefined ? undefined : { width: `${amount.ratio * 100}%` }} />
      </div>
      {detail && <div className="muted small ellipsis">{detail}</div>}
    </div>
  );
}

/**
 * What LayerLens found in the Dockerfile and the project (the stages and which one is the image, what the
 * runtime copies and why, what the start needs), and the lean candidates it derived, most aggressive first,
 * each with the problems static checks foresee.
 */
import type { BinUse, LeanCandidate, OptimizePlan, StartSummary } from '../../../shared/rebuild';
import { plainMessage } from './wording';

const binSources: Record<BinUse['source'], string> = {
  dependency: 'a dependency',
  devDependency: 'a devDependency',
  global: 'installed globally in the build',
  system: 'the base image',
};

function words(list: string[] | null): string {
  return list === null ? '(none)' : JSON.stringify(list);
}

function StartNeeds({ start }: { start: StartSummary }) {
  return (
    <dl className="rb-facts" data-testid="rebuild-start">
      {start.entrypoint && (
        <>
          <dt>Entrypoint</dt>
          <dd>
            <code>{words(start.entrypoint)}</code>
          </dd>
        </>
      )}
      <dt>Command</dt>
      <dd>
        <code>{words(start.cmd)}</code>
      </dd>
      {start.script && (
        <>
          <dt>Through</dt>
          <dd>
            {start.packageManager ?? 'the package manager'}, script <code>{start.script.name}</code>: <code>{start.script.command}</code>
            {start.script.hooks.length > 0 && (
              <>
                {' '}
                (with{' '}
                {start.script.hooks.map((h) => (
                  <code key={h}>{h}</code>
                ))}
                )
              </>
            )}
          </dd>
        </>
      )}
      {start.entryFiles.length > 0 && (
        <>
          <dt>Entry files</dt>
          <dd>
            {start.entryFiles.map((file) => (
              <code key={file} className="rb-item">
                {file}
              </code>
            ))}
          </dd>
        </>
      )}
      {start.preloads.length > 0 && (
        <>
          <dt>Preloaded</dt>
          <dd>
            {start.preloads.map((file) => (
              <code key={file} className="rb-item">
                {file}
              </code>
            ))}
          </dd>
        </>
      )}
      {start.bins.length > 0 && (
        <>
          <dt>Executables it calls</dt>
          <dd>
            <ul className="plain-list">
              {start.bins.map((bin) => (
                <li key={`${bin.bin}-${bin.from}`}>
                  <code>{bin.bin}</code> from {bin.pkg ? <code>{bin.pkg}</code> : null}
                  {bin.pkg ? ', ' : ''}
                  {binSources[bin.source]} <span className="muted">(called by {bin.from})</span>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
      {start.devDependenciesLoaded.length > 0 && (
        <>
          <dt>devDependencies it loads</dt>
          <dd>
            <ul className="plain-list">
              {start.devDependenciesLoaded.map((d) => (
                <li key={`${d.pkg}-${d.file}`}>
                  <code>{d.pkg}</code>, loaded by <code>{d.file}</code>
                </li>
              ))}
            </ul>
          </dd>
        </>
      )}
    </dl>
  );
}

/** The stages (the image's one marked), the paths the runtime copies with why, and the start's needs. */
export function Findings({ plan }: { plan: OptimizePlan }) {
  const { structure } = plan;
  return (
    <section className="card" data-testid="rebuild-found">
      <h3>What LayerLens found</h3>
      <div className="rb-found-grid">
        <div>
          <h4>{structure.stages.length === 1 ? 'One stage' : `${structure.stages.length} stages`}</h4>
          <ol className="rb-stages" data-testid="rebuild-stages">
            {structure.stages.map((stage, index) => {
              const name = stage.name ?? `stage ${index + 1}`;
              const final = name === structure.finalStage;
              return (
                <li key={`${name}-${stage.line}`} className={final ? 'rb-final' : undefined} data-final={final}>
                  <span className="muted">line {stage.line}</span>{' '}
                  <code>
                    FROM {stage.image}
                    {stage.name ? ` AS ${stage.name}` : ''}
                  </code>
                  {final && <span className="chip rb-chip-strong">the image</span>}
                </li>
              );
            })}
          </ol>
        </div>
        {plan.closure.length > 0 && (
          <div>
            <h4>What the runtime copies</h4>
            <ul className="plain-list rb-closure" data-testid="rebuild-closure">
              {plan.closure.map((item) => (
                <li key={item.path}>
                  <code>{item.path}</code> — {item.why}
                  {item.chown && <span className="chip">owner {item.chown}</span>}
                  {item.optional && <span className="chip">only if the build made it</span>}
                </li>
              ))}
            </ul>
          </div>
        )}
        {plan.start && (
          <div>
            <h4>What the start needs</h4>
            <StartNeeds start={plan.start} />
          </div>
        )}
      </div>
    </section>
  );
}

function choiceChips(candidate: LeanCandidate): string[] {
  const c = candidate.choices;
  return [
    `runtime ${c.runtimeBase}`,
    c.prune ? 'devDependencies pruned' : 'dependencies as built',
    c.nonRoot ? 'runs as a non-root user' : 'user as the original',
    c.directStart ? 'starts without the package manager' : 'starts as the original',
    ...(c.addedTools.length > 0 ? [`adds ${c.addedTools.join(', ')}`] : []),
  ];
}

/** The candidates, most aggressive first; the proposed one marked, each problem shown as evidence. */
export function Candidates({ plan, verify }: { plan: OptimizePlan; verify: boolean }) {
  if (plan.candidates.length === 0) return null;
  return (
    <section className="card" data-testid="rebuild-candidates">
      <h3>
        Candidates <span className="muted small">· most aggressive first</span>
      </h3>
      <p className="muted small">
        {verify
          ? 'Build tries them in this order, runs each beside the original and keeps the first that behaves like it. A candidate with a problem below is never built.'
          : 'Without verification only the proposed candidate is built, and nothing proves it behaves like the original.'}
      </p>
      <ol className="rb-candidates">
        {plan.candidates.map((candidate) => {
          const proposed = candidate.id === plan.proposed;
          return (
            <li
              key={candidate.id}
              className={proposed ? 'rb-candidate rb-proposed' : candidate.problems.length > 0 ? 'rb-candidate rb-blocked' : 'rb-candidate'}
              data-testid="rebuild-candidate"
              data-candidate={candidate.id}
              data-proposed={proposed}
            >
              <div className="rb-candidate-head">
                <span className="rb-candidate-id">{candidate.id}</span>
                <span className="rb-candidate-label">{candidate.label}</span>
                {proposed && (
                  <span className="chip rb-chip-strong" data-testid="rebuild-proposed-mark">
                    proposed — unverified until built
                  </span>
                )}
              </div>
              <ul className="chip-list">
                {choiceChips(candidate).map((chip) => (
                  <li key={chip} className="chip">
                    {chip}
                  </li>
                ))}
              </ul>
              {candidate.problems.length > 0 && (
                <div className="rb-problems" data-testid="rebuild-candidate-problems">
                  <strong>Not built: static checks expect it to break</strong>
                  <ul>
                    {candidate.problems.map((problem) => (
                      <li key={problem}>{plainMessage(problem)}</li>
                    ))}
                  </ul>
                </div>
              )}
              <details className="rb-details">
                <summary>Its Dockerfile</summary>
                <pre className="rb-log rb-log-short">{candidate.dockerfile}</pre>
              </details>
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/**
 * The analysis's headline figures. Each says in a tooltip what it is; a click opens what it counts (Escape
 * or a second click closes it), so figures that seem to disagree explain themselves.
 */
import { useId, useState } from 'react';
import type { ImageAnalysis } from '../../../../shared/analysis';
import { CodeText } from '../../components/CodeText';
import { useOverlay } from '../../hooks/overlays';
import { figureNotes, type FigureId } from './figure-notes';

export function HeadlineFigures({ analysis }: { analysis: ImageAnalysis }) {
  const notes = figureNotes(analysis);
  const [open, setOpen] = useState<FigureId>();
  const panelId = useId();
  useOverlay(open !== undefined, () => setOpen(undefined));
  const shown = notes.find((note) => note.id === open);
  return (
    <div className="headline-block">
      <div className="headline" data-testid="headline">
        {notes.map((note) => (
          <button
            key={note.id}
            type="button"
            className={open === note.id ? 'headline-figure on' : 'headline-figure'}
            data-testid={`headline-${note.id}`}
            title={note.tooltip}
            aria-expanded={open === note.id}
            aria-controls={open === note.id ? panelId : undefined}
            onClick={() => setOpen((current) => (current === note.id ? undefined : note.id))}
          >
            <span className="headline-label">
              {note.label}{' '}
              <span className="headline-what" aria-hidden="true">
                ?
              </span>
            </span>
            <span className="headline-value">{note.value}</span>
            <span className="muted small">{note.detail}</span>
          </button>
        ))}
      </div>
      {shown && (
        <div className="figure-explanation" id={panelId} role="region" aria-label={`What ${shown.label} counts`} data-testid="figure-explanation">
          <p>
            <strong>{shown.label}:</strong> {shown.tooltip}
          </p>
          <ul>
            {shown.counts.map((line) => (
              <li key={line}>
                <CodeText text={line} />
              </li>
            ))}
          </ul>
        </div>
      )}
      {analysis.limits?.length > 0 && (
        <p className="note" data-testid="analysis-limits">
          The analysis left out: {analysis.limits.join('; ')}.
        </p>
      )}
    </div>
  );
}

/** dive's filters as checkboxes, named as the status legend names them: added, modified, removed, unchanged. */
import { statusStyles } from '../../status';
import type { ShownKinds } from './kind-filter';

const kinds: (keyof ShownKinds)[] = ['added', 'modified', 'removed', 'unmodified'];

export function KindFilter({ shown, onChange }: { shown: ShownKinds; onChange: (shown: ShownKinds) => void }) {
  return (
    <fieldset className="kind-filter" data-testid="kind-filter">
      <legend className="muted">Show</legend>
      {kinds.map((kind) => (
        <label key={kind} className="inline-field">
          <input
            type="checkbox"
            checked={shown[kind]}
            onChange={(event) => onChange({ ...shown, [kind]: event.target.checked })}
            data-testid={`show-${kind}`}
          />
          {statusStyles[kind].name}
        </label>
      ))}
    </fieldset>
  );
}

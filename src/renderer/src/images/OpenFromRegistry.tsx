/**
 * "Open from a registry…": a name typed as REGISTRY/REPO:TAG or REGISTRY/REPO@sha256:…, opened on the image
 * page as `registry://…` (read in place; nothing is pulled into the engine).
 */
import { useState, type FormEvent } from 'react';
import { Popover, usePopoverClose } from '../components/Popover';
import { parseRegistryInput } from './registry-ref';

function RegistryForm({ onOpen }: { onOpen: (ref: string) => void }) {
  const close = usePopoverClose();
  const [text, setText] = useState('');
  const [problem, setProblem] = useState<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const parsed = parseRegistryInput(text);
    if (!parsed.ok) {
      setProblem(parsed.message);
      return;
    }
    close();
    onOpen(parsed.name.ref);
  };
  return (
    <form className="registry-form" onSubmit={submit} data-testid="open-registry-form">
      <label htmlFor="open-registry-ref">Image in a registry</label>
      <input
        id="open-registry-ref"
        data-testid="open-registry-ref"
        type="text"
        autoFocus
        spellCheck={false}
        placeholder="ghcr.io/team/app:1.2 or …@sha256:…"
        value={text}
        aria-invalid={problem ? 'true' : undefined}
        aria-describedby="open-registry-help"
        onChange={(event) => {
          setText(event.target.value);
          setProblem(undefined);
        }}
      />
      {problem ? (
        <p className="inline-error" id="open-registry-help" data-testid="open-registry-problem">
          {problem}
        </p>
      ) : (
        <p className="muted small" id="open-registry-help">
          Read in place with the docker CLI’s credentials; nothing is pulled into the engine.
        </p>
      )}
      <div className="actions">
        <button type="submit" className="primary" data-testid="open-registry-submit">
          Open
        </button>
      </div>
    </form>
  );
}

export function OpenFromRegistry({ onOpen }: { onOpen: (ref: string) => void }) {
  return (
    <Popover
      label="Open from a registry…"
      panelLabel="Open an image from a registry"
      testId="open-registry"
      buttonTestId="open-registry-button"
      buttonTitle="Look at an image in a registry without pulling it"
    >
      <RegistryForm onOpen={onOpen} />
    </Popover>
  );
}

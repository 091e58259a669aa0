/**
 * Where the image is built from: the build context folder (the native picker in the app, a path field
 * everywhere) and the Dockerfile inside it.
 */
import { useId, useState, type FormEvent } from 'react';
import { useClient } from '../hooks/bridge-context';

export interface ContextChoice {
  contextDir: string;
  dockerfile?: string;
}

interface Props {
  initial?: ContextChoice;
  /** The image the wizard was opened for (the folder will be remembered for it). */
  imageRef?: string;
  /** The app has a native folder picker; the browser (serve) types a path. */
  canBrowse: boolean;
  /** The remembered folder is gone. */
  missing?: string;
  onSubmit: (choice: ContextChoice) => void;
}

export function ContextStep({ initial, imageRef, canBrowse, missing, onSubmit }: Props) {
  const client = useClient();
  const [contextDir, setContextDir] = useState(initial?.contextDir ?? '');
  const [dockerfile, setDockerfile] = useState(initial?.dockerfile ?? '');
  const [browseError, setBrowseError] = useState<string>();
  const dirId = useId();
  const fileId = useId();

  const browse = async () => {
    setBrowseError(undefined);
    try {
      const chosen = await client.chooseFolder({ title: 'Choose the build context folder', defaultPath: contextDir || undefined });
      if (chosen) setContextDir(chosen);
    } catch (error) {
      setBrowseError(error instanceof Error ? error.message : String(error));
    }
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dir = contextDir.trim();
    if (dir) onSubmit({ contextDir: dir, dockerfile: dockerfile.trim() || undefined });
  };

  return (
    <form className="card rb-context" data-testid="rebuild-context" onSubmit={submit}>
      <h2>Build context</h2>
      <p className="muted">
        {imageRef ? (
          <>
            Which folder is <code>{imageRef}</code> built from? LayerLens reads its Dockerfile and project files, proposes a lean multi-stage
            Dockerfile and remembers the folder for this image.
          </>
        ) : (
          <>
            Open the folder that holds a Dockerfile (the build context). LayerLens reads it and proposes a lean multi-stage Dockerfile before anything
            is built.
          </>
        )}
      </p>
      {missing && (
        <p className="inline-error" data-testid="rebuild-context-missing">
          The folder remembered for this image, <code>{missing}</code>, is gone. Choose it again.
        </p>
      )}
      <div className="rb-field">
        <label htmlFor={dirId}>Folder</label>
        <div className="rb-field-row">
          <input
            id={dirId}
            className="rb-path"
            data-testid="rebuild-context-path"
            value={contextDir}
            onChange={(event) => setContextDir(event.target.value)}
            placeholder="/home/you/projects/app"
            spellCheck={false}
            autoFocus
            required
          />
          {canBrowse && (
            <button type="button" onClick={() => void browse()} data-testid="rebuild-browse">
              Browse…
            </button>
          )}
        </div>
        {!canBrowse && <span className="muted small">Type the folder's full path (as seen by the machine that runs LayerLens).</span>}
        {browseError && <span className="inline-error">{browseError}</span>}
      </div>
      <div className="rb-field">
        <label htmlFor={fileId}>Dockerfile</label>
        <input
          id={fileId}
          className="rb-path rb-short"
          data-testid="rebuild-dockerfile"
          value={dockerfile}
          onChange={(event) => setDockerfile(event.target.value)}
          placeholder="Dockerfile"
          spellCheck={false}
        />
      </div>
      <div className="actions">
        <button type="submit" className="primary" disabled={!contextDir.trim()} data-testid="rebuild-read-context">
          Propose a lean Dockerfile
        </button>
      </div>
    </form>
  );
}

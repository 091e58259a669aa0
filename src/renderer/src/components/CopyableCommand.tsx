import { useState } from 'react';

export function CopyableCommand({ command }: { command: string }) {
  const [copied, setCopied] = useState(false);
  const copy = () => {
    navigator.clipboard?.writeText(command).then(
      () => setCopied(true),
      () => undefined,
    );
  };
  return (
    <div className="command">
      <code data-testid="fix-command">{command}</code>
      <button onClick={copy} title="Copy to the clipboard">
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}

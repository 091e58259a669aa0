/**
 * A modal dialog (the browser's own <dialog>: focus stays inside, the page behind is inert). Escape or
 * Cancel close it; it is an overlay, so page keys wait while it is open.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { useOverlay } from '../hooks/overlays';

interface Props {
  title: string;
  onClose: () => void;
  children: ReactNode;
  testId?: string;
}

export function Dialog({ title, onClose, children, testId }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  useOverlay(true, onClose);
  useEffect(() => {
    const element = dialog.current;
    if (element && !element.open) element.showModal();
    return () => element?.close();
  }, []);
  return (
    <dialog
      ref={dialog}
      className="dialog"
      aria-label={title}
      data-testid={testId}
      onCancel={(event) => {
        // Escape: close through the owner's state, not behind its back.
        event.preventDefault();
        onClose();
      }}
    >
      <h2>{title}</h2>
      {children}
    </dialog>
  );
}

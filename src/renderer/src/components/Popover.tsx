/**
 * A button that opens a panel under it (Export report…, Compare with…, an explanation). Escape, a click
 * outside or the button again close it, and the focus goes back to the button. Registered as an overlay,
 * so page keys wait while it is open.
 */
import { createContext, useCallback, useContext, useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useOverlay } from '../hooks/overlays';

export interface PopoverProps {
  /** What the button says. */
  label: ReactNode;
  /** The panel's accessible name. */
  panelLabel: string;
  children: ReactNode;
  testId?: string;
  buttonTestId?: string;
  buttonTitle?: string;
  disabled?: boolean;
  className?: string;
  /** Keep the panel open on an outside click (a running export shows its progress there). */
  sticky?: boolean;
  align?: 'start' | 'end';
}

const CloseContext = createContext<() => void>(() => undefined);

/** Inside a popover's panel: closes it (a picker after the pick). */
export function usePopoverClose(): () => void {
  return useContext(CloseContext);
}

export function Popover({
  label,
  panelLabel,
  children,
  testId,
  buttonTestId,
  buttonTitle,
  disabled,
  className,
  sticky,
  align = 'end',
}: PopoverProps) {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  const panelId = useId();

  const close = useCallback(() => {
    setOpen(false);
    button.current?.focus();
  }, []);
  useOverlay(open, close);

  // First field of the panel gets the focus, so the keyboard can go on from the button.
  useEffect(() => {
    if (!open) return;
    root.current?.querySelector<HTMLElement>('[data-autofocus], input, select, button:not([aria-expanded])')?.focus();
  }, [open]);

  useEffect(() => {
    if (!open || sticky) return;
    const onDown = (event: MouseEvent) => {
      if (root.current && !root.current.contains(event.target as Node)) setOpen(false);
    };
    document.addEventListener('mousedown', onDown);
    return () => document.removeEventListener('mousedown', onDown);
  }, [open, sticky]);

  const onKey = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Escape' || !open || event.defaultPrevented) return;
    event.preventDefault();
    close();
  };

  return (
    <div className={`popover ${className ?? ''}`} ref={root} data-testid={testId} onKeyDown={onKey}>
      <button
        type="button"
        ref={button}
        aria-expanded={open}
        aria-haspopup="dialog"
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((o) => !o)}
        disabled={disabled}
        title={buttonTitle}
        data-testid={buttonTestId}
      >
        {label}
      </button>
      {open && (
        <div className={`popover-panel align-${align}`} role="dialog" aria-label={panelLabel} id={panelId}>
          <CloseContext.Provider value={close}>{children}</CloseContext.Provider>
        </div>
      )}
    </div>
  );
}

/**
 * What is open on top of a page (popovers, dialogs), most recent last. Escape closes the top one before
 * it can mean anything else, and navigation keys wait while any is open.
 */
import { useEffect, useLayoutEffect, useRef } from 'react';

const stack: { close: () => void }[] = [];

/** Registers an overlay while `open`; `close` is what Escape (or a page-level key handler) calls. */
export function useOverlay(open: boolean, close: () => void): void {
  const latest = useRef(close);
  useLayoutEffect(() => {
    latest.current = close;
  });
  useEffect(() => {
    if (!open) return;
    const entry = { close: () => latest.current() };
    stack.push(entry);
    return () => {
      const at = stack.indexOf(entry);
      if (at >= 0) stack.splice(at, 1);
    };
  }, [open]);
}

export function hasOpenOverlay(): boolean {
  return stack.length > 0;
}

/** Closes the most recent overlay; false when none is open. */
export function closeTopOverlay(): boolean {
  const top = stack[stack.length - 1];
  top?.close();
  return top !== undefined;
}

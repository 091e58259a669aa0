/**
 * The page's keys, as in a file browser: Backspace goes up (when the page has an "up") or back; Escape
 * closes what is open and never leaves the page. Neither fires while a popover or dialog is open, nor
 * while the focus is in a field, a menu, a list box or a widget with keys of its own (the treemap).
 */
import { useEffect, useLayoutEffect, useRef } from 'react';
import { hasModifier, ownsKeys } from '../lib/keys';
import { closeTopOverlay, hasOpenOverlay } from './overlays';

export function useNavigationKeys(back: () => void): void {
  const latest = useRef(back);
  useLayoutEffect(() => {
    latest.current = back;
  });
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.defaultPrevented || hasModifier(event)) return;
      if (event.key === 'Escape') {
        if (closeTopOverlay()) event.preventDefault();
        return;
      }
      if (event.key !== 'Backspace' || hasOpenOverlay() || ownsKeys(event.target)) return;
      event.preventDefault();
      latest.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}

import { useNow } from '../hooks/useNow';

/** "retrying automatically in 4 s": the backend retries by itself; this only says when. */
export function RetryCountdown({ at }: { at?: number }) {
  const now = useNow();
  if (at === undefined) return null;
  const seconds = Math.max(0, Math.ceil((at - now) / 1000));
  return (
    <p className="muted" data-testid="retry-countdown">
      {seconds > 0 ? `Retrying automatically in ${seconds} s.` : 'Retrying automatically now…'}
    </p>
  );
}

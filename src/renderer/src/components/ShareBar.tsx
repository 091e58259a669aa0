/** A thin bar: a part against its whole (a layer in its image, an image against the largest one). */
export function ShareBar({ part, whole, label }: { part: number; whole: number; label?: string }) {
  const width = whole > 0 ? Math.min(100, (part / whole) * 100) : 0;
  return (
    <span className="share-track" aria-hidden={label ? undefined : true} role={label ? 'img' : undefined} aria-label={label}>
      <span className="share-fill" style={{ width: `${width}%` }} />
    </span>
  );
}

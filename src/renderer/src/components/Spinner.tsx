export function Spinner({ label }: { label: string }) {
  return (
    <div className="spinner-line" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      {label}
    </div>
  );
}

/** Human-readable figures shared by the UI, the CLI and reports. Decimal units, as `docker images` prints. */
const units = ['B', 'kB', 'MB', 'GB', 'TB'] as const;

export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes)) return '–';
  const sign = bytes < 0 ? '-' : '';
  let value = Math.abs(bytes);
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit += 1;
  }
  const digits = unit === 0 || value >= 100 ? 0 : value >= 10 ? 1 : 2;
  return `${sign}${value.toFixed(digits)} ${units[unit]}`;
}

export function formatPercent(ratio: number, digits = 1): string {
  if (!Number.isFinite(ratio)) return '–';
  return `${(ratio * 100).toFixed(digits)} %`;
}

/** "3 days ago" style age for a Unix time in seconds, relative to `now` (ms). */
export function formatAge(unixSeconds: number, now: number = Date.now()): string {
  const seconds = Math.max(0, Math.round(now / 1000 - unixSeconds));
  const steps: [number, string][] = [
    [60 * 60 * 24 * 365, 'year'],
    [60 * 60 * 24 * 30, 'month'],
    [60 * 60 * 24 * 7, 'week'],
    [60 * 60 * 24, 'day'],
    [60 * 60, 'hour'],
    [60, 'minute'],
  ];
  for (const [size, name] of steps) {
    const count = Math.floor(seconds / size);
    if (count >= 1) return `${count} ${name}${count === 1 ? '' : 's'} ago`;
  }
  return 'just now';
}

export function shortId(id: string): string {
  return id.replace(/^sha256:/, '').slice(0, 12);
}

// CSI sequences (colours, cursor moves), OSC sequences (titles, links), and the other two-byte escapes.
// eslint-disable-next-line no-control-regex
const ansi = /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[@-Z\\-_]|\u001b/g;

/**
 * Text without terminal escape sequences; a carriage return (a progress bar redrawing its line) keeps what
 * the terminal would show last. Other control characters but tab and newline are dropped.
 */
export function stripAnsi(text: string): string {
  return (
    text
      .replace(ansi, '')
      .split('\n')
      .map((line) => {
        const parts = line.replace(/\r+$/, '').split('\r');
        return parts[parts.length - 1]!;
      })
      .join('\n')
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '')
  );
}

import { formatBytes } from '../../../shared/format';

/** "+2.00 MB", "−1.04 GB", "±0 B": a change in bytes, in the one size format of the app. */
export function signedBytes(bytes: number): string {
  if (bytes === 0) return '±0 B';
  return bytes > 0 ? `+${formatBytes(bytes)}` : `−${formatBytes(-bytes)}`;
}

export function deltaClass(bytes: number): string {
  return bytes > 0 ? 'delta up' : bytes < 0 ? 'delta down' : 'delta';
}

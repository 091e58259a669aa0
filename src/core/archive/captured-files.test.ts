import { describe, expect, it } from 'vitest';
import { capturedMaxBytes, shouldCapture } from './captured-files';

describe('shouldCapture', () => {
  it.each([
    ['/var/lib/dpkg/status', true],
    ['/var/lib/dpkg/status.d/libc6', true],
    ['/var/lib/dpkg/status-old', false],
    ['/lib/apk/db/installed', true],
    ['/etc/passwd', true],
    ['/app/package-lock.json', true],
    ['/app/node_modules/.package-lock.json', true],
    ['/app/node_modules/left-pad/package-lock.json', false],
    ['/app/package.json', false],
  ])('%s -> %s', (path, expected) => expect(shouldCapture(path, 1000)).toBe(expected));

  it('skips files over the size limit', () => {
    expect(shouldCapture('/var/lib/dpkg/status', capturedMaxBytes + 1)).toBe(false);
  });
});

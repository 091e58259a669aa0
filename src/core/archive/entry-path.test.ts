import { describe, expect, it } from 'vitest';
import { normaliseEntryPath } from './entry-path';

describe('normaliseEntryPath', () => {
  it('makes names absolute and skips the root entry', () => {
    expect(normaliseEntryPath('./')).toBeUndefined();
    expect(normaliseEntryPath('/')).toBeUndefined();
    expect(normaliseEntryPath('.')).toBeUndefined();
    expect(normaliseEntryPath('./usr/bin/')).toEqual({ path: '/usr/bin' });
    expect(normaliseEntryPath('usr//lib/./x')).toEqual({ path: '/usr/lib/x' });
    expect(normaliseEntryPath('/etc/passwd')).toEqual({ path: '/etc/passwd' });
  });

  it('turns whiteouts into the path they delete and opaque markers into their directory', () => {
    expect(normaliseEntryPath('root/.wh.example')).toEqual({ path: '/root/example', whiteout: true });
    expect(normaliseEntryPath('./.wh.tmp')).toEqual({ path: '/tmp', whiteout: true });
    expect(normaliseEntryPath('opt/app/.wh..wh..opq')).toEqual({ path: '/opt/app', opaque: true });
    expect(normaliseEntryPath('.wh..wh..opq')).toEqual({ path: '/', opaque: true });
  });

  it('flags ".." components without resolving them', () => {
    const entry = normaliseEntryPath('../../etc/passwd');
    expect(entry?.path).toBe('/../../etc/passwd');
    expect(entry?.unsafe).toContain('..');
    expect(normaliseEntryPath('a/..b/c')?.unsafe).toBeUndefined();
  });
});

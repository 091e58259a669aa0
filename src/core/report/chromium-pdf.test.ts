import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { findChromium } from './chromium-pdf';

describe('findChromium', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-chromium-'));
  const fake = path.join(dir, 'google-chrome');
  fs.writeFileSync(fake, '#!/bin/sh\n', { mode: 0o755 });

  it('takes --chromium, then LAYERLENS_CHROMIUM, and refuses a named one that is not there', () => {
    expect(findChromium(fake, {})).toBe(fake);
    expect(findChromium(undefined, { LAYERLENS_CHROMIUM: fake })).toBe(fake);
    expect(() => findChromium(path.join(dir, 'nope'), {})).toThrow(/No Chromium at .*nope \(from --chromium\)/);
  });

  it('looks on the PATH, and names everything it tried when nothing is there', () => {
    if (!fs.existsSync('/usr/bin/chromium')) expect(findChromium(undefined, { PATH: dir })).toBe(fake);
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-empty-'));
    if (!fs.existsSync('/usr/bin/chromium')) {
      expect(() => findChromium(undefined, { PATH: empty })).toThrow(
        /none was found \(tried \/usr\/bin\/chromium, chromium on the PATH, chromium-browser on the PATH, google-chrome on the PATH/,
      );
    } else {
      expect(findChromium(undefined, { PATH: empty })).toBe('/usr/bin/chromium');
    }
  });
});

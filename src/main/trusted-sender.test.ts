import { describe, expect, it } from 'vitest';
import { isTrustedRendererUrl } from './trusted-sender';

describe('isTrustedRendererUrl', () => {
  const built = 'file:///opt/layerlens/out/renderer/index.html';

  it('trusts our built renderer, whatever its hash route', () => {
    expect(isTrustedRendererUrl('file:///opt/layerlens/out/renderer/index.html#/image/x', built)).toBe(true);
  });

  it('refuses other files, other origins and empty senders', () => {
    expect(isTrustedRendererUrl('file:///tmp/evil.html', built)).toBe(false);
    expect(isTrustedRendererUrl('file:///opt/layerlens/out/renderer/index.html.evil', built)).toBe(false);
    expect(isTrustedRendererUrl('https://example.com/', built)).toBe(false);
    expect(isTrustedRendererUrl(undefined, built)).toBe(false);
    expect(isTrustedRendererUrl('not a url', built)).toBe(false);
  });

  it('trusts the dev server by origin only', () => {
    expect(isTrustedRendererUrl('http://localhost:5173/#/x', 'http://localhost:5173/')).toBe(true);
    expect(isTrustedRendererUrl('http://localhost:5174/', 'http://localhost:5173/')).toBe(false);
  });
});

import { describe, expect, it } from 'vitest';
import { parseChallenges } from './www-authenticate';

describe('WWW-Authenticate', () => {
  it("reads Docker Hub's bearer challenge", () => {
    expect(parseChallenges('Bearer realm="https://auth.docker.io/token",service="registry.docker.io",scope="repository:library/node:pull"')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://auth.docker.io/token', service: 'registry.docker.io', scope: 'repository:library/node:pull' } },
    ]);
  });

  it('reads basic, tokens without quotes, odd spacing and case', () => {
    expect(parseChallenges('Basic realm="Registry Realm"')).toEqual([{ scheme: 'basic', params: { realm: 'Registry Realm' } }]);
    expect(parseChallenges('BEARER  Realm = https://a/t , Service=x')).toEqual([
      { scheme: 'bearer', params: { realm: 'https://a/t', service: 'x' } },
    ]);
  });

  it('reads several challenges in one header and across headers', () => {
    const both = parseChallenges('Basic realm="a", Bearer realm="https://t/token",service="s",error="insufficient_scope"');
    expect(both.map((c) => c.scheme)).toEqual(['basic', 'bearer']);
    expect(both[1].params).toEqual({ realm: 'https://t/token', service: 's', error: 'insufficient_scope' });
    expect(parseChallenges(['Basic realm="a"', 'Bearer realm="b"']).map((c) => c.params.realm)).toEqual(['a', 'b']);
  });

  it('unescapes quoted strings and keeps commas inside them', () => {
    expect(parseChallenges('Bearer realm="https://t/token?a=1,b=2",scope="repository:a:pull,push",x="say \\"hi\\""')[0].params).toEqual({
      realm: 'https://t/token?a=1,b=2',
      scope: 'repository:a:pull,push',
      x: 'say "hi"',
    });
  });

  it('keeps a token68 and a scheme with no parameters', () => {
    expect(parseChallenges('Negotiate abc+/def==, Basic realm="r"')).toEqual([
      { scheme: 'negotiate', params: {}, token68: 'abc+/def==' },
      { scheme: 'basic', params: { realm: 'r' } },
    ]);
    expect(parseChallenges('Bearer')).toEqual([{ scheme: 'bearer', params: {} }]);
  });

  it('stops at garbage instead of looping or throwing', () => {
    expect(parseChallenges(undefined)).toEqual([]);
    expect(parseChallenges('')).toEqual([]);
    expect(parseChallenges('Bearer realm="never closed')).toEqual([{ scheme: 'bearer', params: {} }]);
    expect(parseChallenges('Bearer realm="a" @@@ junk')).toEqual([{ scheme: 'bearer', params: { realm: 'a' } }]);
    expect(parseChallenges('=== , ;;;')).toEqual([]);
  });
});

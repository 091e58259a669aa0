import { describe, expect, it } from 'vitest';
import { allowsPlainHttp, connectionError, RegistryTransport } from './transport';

const options = { triedHttps: true, plainAllowed: false, caFiles: [] };
const coded = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('registry transport', () => {
  it('allows plain HTTP only on this machine or for a registry the user named', () => {
    expect(allowsPlainHttp('127.0.0.1:5000', {})).toBe(true);
    expect(allowsPlainHttp('localhost:5000', {})).toBe(true);
    expect(allowsPlainHttp('[::1]:5000', {})).toBe(true);
    expect(allowsPlainHttp('registry.lan:5000', { env: {} })).toBe(false);
    expect(allowsPlainHttp('registry.lan:5000', { insecureRegistries: ['registry.lan:5000'] })).toBe(true);
    expect(allowsPlainHttp('registry.lan:5000', { insecureRegistries: ['http://registry.lan:5000/'] })).toBe(true);
    expect(allowsPlainHttp('registry.lan:5000', { insecureRegistries: ['registry.lan'] })).toBe(true);
    expect(allowsPlainHttp('other.lan:5000', { insecureRegistries: ['registry.lan'], env: {} })).toBe(false);
    expect(allowsPlainHttp('other.lan:5000', { env: { LAYERLENS_INSECURE_REGISTRIES: 'a.lan, other.lan:5000' } })).toBe(true);
  });

  it('says a certificate is not trusted, and how to trust its CA', () => {
    const error = connectionError(
      coded('UNABLE_TO_VERIFY_LEAF_SIGNATURE', 'unable to verify the first certificate'),
      'reg.example.com:5000',
      options,
    );
    expect(error.code).toBe('TLS_UNTRUSTED');
    expect(error.message).toContain('reg.example.com:5000');
    expect(error.message).toContain('/etc/docker/certs.d/reg.example.com:5000/ca.crt');
    expect(error.message).toContain('NODE_EXTRA_CA_CERTS');
    expect(connectionError(coded('CERT_HAS_EXPIRED'), 'r', options).message).toContain('expired');
    expect(connectionError(coded('ERR_TLS_CERT_ALTNAME_INVALID'), 'r', options).message).toContain('not issued for r');
  });

  it('says an unreachable registry is unreachable, and a plain-HTTP one is not used unless allowed', () => {
    expect(connectionError(coded('ECONNREFUSED'), 'reg:5000', options)).toMatchObject({
      code: 'SERVER_UNREACHABLE',
      message: expect.stringContaining('connection was refused'),
    });
    const plain = connectionError(coded('EPROTO', 'SSL routines:ssl3_get_record:wrong version number'), 'reg.lan:5000', options);
    expect(plain.code).toBe('SERVER_UNREACHABLE');
    expect(plain.message).toContain('plain HTTP');
    expect(plain.message).toContain('insecure registry');
  });

  it('reaches no host that does not resolve (SERVER_UNREACHABLE naming it)', async () => {
    const transport = new RegistryTransport('no-such-host.invalid:5000');
    await expect(transport.request({ method: 'GET', url: '/v2/' })).rejects.toMatchObject({
      code: 'SERVER_UNREACHABLE',
      message: expect.stringContaining('no-such-host.invalid:5000'),
    });
    transport.close();
  });
});

import { describe, expect, it } from 'vitest';
import { describeEndpoint, parseEngineHost } from './endpoint';

describe('parseEngineHost', () => {
  it.each([
    ['unix:///var/run/docker.sock', { protocol: 'unix', socketPath: '/var/run/docker.sock' }],
    ['tcp://docker.example:2375', { protocol: 'http', host: 'docker.example', port: 2375 }],
    ['tcp://[::1]:2375', { protocol: 'http', host: '::1', port: 2375 }],
    ['https://h', { protocol: 'https', host: 'h', port: 2376 }],
    ['ssh://u@h', { protocol: 'ssh', host: 'h', port: 22, username: 'u' }],
  ])('parses %s', (host, expected) => {
    expect(parseEngineHost(host, 'test')).toMatchObject(expected);
  });

  it.each([
    ['docker.sock', 'no scheme'],
    ['unix://relative.sock', 'must be absolute'],
    ['npipe:////./pipe/docker_engine', 'Windows'],
    ['ftp://h', 'not supported'],
    ['tcp://', 'names no host'],
    ['tcp://h:port', 'not a valid URL'],
  ])('rejects %s with a reason', (host, reason) => {
    expect(() => parseEngineHost(host, 'test')).toThrow(
      expect.objectContaining({ code: 'DOCKER_HOST_INVALID', message: expect.stringContaining(reason) }),
    );
  });

  it('describes an endpoint with where it came from', () => {
    expect(describeEndpoint(parseEngineHost('tcp://h:1', 'DOCKER_HOST'))).toBe('http://h:1 (DOCKER_HOST)');
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { FakeEngine } from '../../../test/fake-engine';
import type { ConnectionStatus, ImageChange } from '../../shared/contract';
import { parseEngineHost } from './endpoint';
import { EngineConnection } from './engine-connection';

let engine: FakeEngine | undefined;
let connection: EngineConnection | undefined;

afterEach(async () => {
  connection?.close();
  await engine?.stop();
});

function waitFor<T>(check: () => T | undefined, timeoutMs = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const tick = () => {
      const value = check();
      if (value !== undefined) return resolve(value);
      if (Date.now() - started > timeoutMs) return reject(new Error('condition not met in time'));
      setTimeout(tick, 10);
    };
    tick();
  });
}

function connect(fake: FakeEngine, watch: boolean) {
  return new EngineConnection({
    resolveEndpoint: () => parseEngineHost(fake.host, 'test'),
    watch,
    backoff: { initialMs: 20, maxMs: 100 },
  });
}

describe('EngineConnection against a fake engine', () => {
  it('reads who the engine is (Podman names itself in Components)', async () => {
    engine = new FakeEngine({
      '/version': { Version: '5.2.0', ApiVersion: '1.41', Os: 'linux', Arch: 'arm64', Components: [{ Name: 'Podman Engine' }] },
    });
    await engine.start();
    connection = connect(engine, false);
    const status = await connection.connect();
    expect(status.state).toBe('connected');
    expect(status.engine).toMatchObject({ kind: 'podman', version: '5.2.0', arch: 'arm64' });
    expect(engine.followers).toBe(0);
  });

  it('reports an engine that is not there as DOCKER_UNREACHABLE and schedules a retry', async () => {
    engine = new FakeEngine();
    connection = connect(engine, true);
    const status = await connection.connect();
    expect(status).toMatchObject({ state: 'disconnected', error: { code: 'DOCKER_UNREACHABLE' } });
    expect(status.nextRetryAt).toBeGreaterThan(Date.now() - 1000);
    await expect(connection.client()).rejects.toMatchObject({ code: 'DOCKER_UNREACHABLE' });
  });

  it('follows image events, notices the engine going away, and reconnects when it is back', async () => {
    engine = new FakeEngine();
    await engine.start();
    connection = connect(engine, true);
    const statuses: ConnectionStatus['state'][] = [];
    const changes: ImageChange[] = [];
    connection.events.on('status', (s) => statuses.push(s.state));
    connection.events.on('imagesChanged', (c) => changes.push(c));

    expect((await connection.connect()).state).toBe('connected');
    await waitFor(() => (engine!.followers === 1 ? true : undefined));
    engine.pushEvent({ Type: 'image', Action: 'tag', Actor: { ID: 'sha256:abc' } });
    await waitFor(() => changes[0]);
    expect(changes).toEqual([{ action: 'tag', id: 'sha256:abc' }]);

    await engine.stop();
    await waitFor(() => (connection!.status.state === 'disconnected' ? true : undefined));
    expect(connection.status.error?.code).toBe('DOCKER_UNREACHABLE');

    await engine.start();
    await waitFor(() => (connection!.status.state === 'connected' ? true : undefined));
    await waitFor(() => (engine!.followers === 1 ? true : undefined));
    expect(statuses).toEqual(expect.arrayContaining(['connecting', 'connected', 'disconnected']));
    expect(statuses.at(-1)).toBe('connected');
  });
});

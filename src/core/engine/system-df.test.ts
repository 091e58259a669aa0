import { afterEach, describe, expect, it } from 'vitest';
import { FakeEngine } from '../../../test/fake-engine';
import { createDockerClient } from './docker-client';
import { parseEngineHost } from './endpoint';
import { systemDf } from './system-df';

let fake: FakeEngine | undefined;
afterEach(() => fake?.stop());

async function engine(route: () => { status?: number; body: unknown }) {
  fake = new FakeEngine({ '/system/df': route });
  await fake.start();
  return createDockerClient(parseEngineHost(fake.host, 'test'));
}

describe('systemDf', () => {
  it('shares one call among concurrent callers (dockerd refuses a second while one runs)', async () => {
    const docker = await engine(() => ({ body: { LayersSize: 42 } }));
    const answers = await Promise.all([systemDf(docker), systemDf(docker), systemDf(docker)]);
    expect(answers.map((a) => a.LayersSize)).toEqual([42, 42, 42]);
    expect(fake!.requests.filter((r) => r === '/system/df')).toHaveLength(1);
  });

  it("retries while another client's disk usage call runs, then answers", async () => {
    let calls = 0;
    const docker = await engine(() =>
      ++calls < 3 ? { status: 500, body: { message: 'a disk usage operation is already running' } } : { body: { LayersSize: 7 } },
    );
    expect((await systemDf(docker)).LayersSize).toBe(7);
    expect(calls).toBe(3);
  });

  it('does not retry other errors', async () => {
    let calls = 0;
    const docker = await engine(() => (++calls, { status: 500, body: { message: 'boom' } }));
    await expect(systemDf(docker)).rejects.toThrow(/boom/);
    expect(calls).toBe(1);
  });
});

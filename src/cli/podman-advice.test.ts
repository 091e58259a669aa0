/** The CLI on a Podman socket that is not there: exit 2 with Podman's own advice, and `info` naming the engine. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeEngine, podmanVersion } from '../../test/fake-engine';
import { cli } from './test-cli';

describe('the CLI and Podman', () => {
  it('exits 2 on a missing rootless Podman socket, saying how to start it (not Docker)', async () => {
    for (const command of ['images', 'info', 'inspect']) {
      const args = command === 'inspect' ? [command, 'app:1'] : [command];
      const result = await cli(...args, '--host', 'unix:///run/user/1000/podman/podman.sock');
      expect(result.code, command).toBe(2);
      expect(result.err).toContain('Podman is not serving its API at unix:///run/user/1000/podman/podman.sock');
      expect(result.err).toContain('`systemctl --user enable --now podman.socket`');
      expect(result.err).not.toMatch(/start docker|Docker Desktop/);
    }
  });

  it('gives the rootful unit for the rootful socket', async () => {
    const result = await cli('info', '--host', 'unix:///run/podman/podman.sock');
    expect(result.code).toBe(2);
    expect(result.err).toContain('`sudo systemctl enable --now podman.socket`');
  });

  describe('`info` on an engine that is Podman', () => {
    const podman = new FakeEngine({
      '/version': podmanVersion,
    });
    beforeAll(() => podman.start());
    afterAll(() => podman.stop());

    it('says Podman, by the name Podman gives itself', async () => {
      const result = await cli('info', '--host', podman.host);
      expect(result.code).toBe(0);
      expect(result.out).toMatch(/^Engine: +Podman Engine \(podman\)$/m);
    });
  });
});

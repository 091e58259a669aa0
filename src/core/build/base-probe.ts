/**
 * What a base image offers, asked of the image itself: a `node` user, npm, useradd/adduser, musl or glibc.
 * Runs `/bin/sh -c` in a short container (removed always). Null when the image is not in the engine;
 * `shell: false` when it has no shell (distroless).
 */
import type Docker from 'dockerode';
import type { BaseFacts } from '../dockerfile/types';
import { imageIdOf } from './image-tags';
import { containerLogs, containerName, removeContainer, waitForExit } from './containers';

const script = [
  'id -u node >/dev/null 2>&1 && echo nodeUser',
  'command -v npm >/dev/null 2>&1 && echo npm',
  'command -v useradd >/dev/null 2>&1 && echo useradd',
  'command -v adduser >/dev/null 2>&1 && echo adduser',
  '(ls /lib/ld-musl-* >/dev/null 2>&1 && echo musl) || echo glibc',
  'true',
].join('; ');

export function factsFromProbe(output: string): BaseFacts {
  const words = new Set(output.split(/\s+/).filter(Boolean));
  return {
    nodeUser: words.has('nodeUser'),
    npm: words.has('npm'),
    libc: words.has('musl') ? 'musl' : 'glibc',
    shell: true,
    userTool: words.has('useradd') ? 'useradd' : words.has('adduser') ? 'adduser' : 'none',
  };
}

export async function probeBaseImage(docker: Docker, image: string, signal?: AbortSignal): Promise<BaseFacts | null> {
  if (!(await imageIdOf(docker, image, signal))) return null;
  let container: Docker.Container | undefined;
  try {
    container = await docker.createContainer({
      name: containerName('probe'),
      Image: image,
      Entrypoint: ['/bin/sh', '-c'],
      Cmd: [script],
      User: '0',
      NetworkDisabled: true,
      HostConfig: { NetworkMode: 'none' },
    });
    try {
      await container.start();
    } catch {
      return { shell: false, userTool: 'none', npm: false, nodeUser: false };
    }
    const code = await waitForExit(container, 20_000, signal);
    if (code === null) return null;
    if (code === 126 || code === 127) return { shell: false, userTool: 'none', npm: false, nodeUser: false };
    return factsFromProbe(await containerLogs(container));
  } finally {
    if (container) await removeContainer(container);
  }
}

/**
 * What a base image offers, asked of the image itself: a `node` user, npm/yarn/pnpm, useradd/adduser, the
 * OS package manager, curl/wget, musl or glibc. Runs `/bin/sh -c` in a short container (no network,
 * removed always). Null when the image is not in the engine; `shell: false` when it has no shell.
 */
import type Docker from 'dockerode';
import type { BaseFacts } from '../../shared/rebuild';
import { imageIdOf } from '../images/image-tags';
import { containerLogs, containerName, waitForExit, withContainer } from './containers';

const tools = ['npm', 'yarn', 'pnpm', 'useradd', 'adduser', 'apt-get', 'apk', 'dnf', 'yum', 'microdnf', 'curl', 'wget'];
const script = [
  'id -u node >/dev/null 2>&1 && echo nodeUser',
  ...tools.map((tool) => `command -v ${tool} >/dev/null 2>&1 && echo ${tool}`),
  '(ls /lib/ld-musl-* >/dev/null 2>&1 && echo musl) || echo glibc',
  'true',
].join('; ');

export function factsFromProbe(output: string): BaseFacts {
  const words = new Set(output.split(/\s+/).filter(Boolean));
  return {
    nodeUser: words.has('nodeUser'),
    npm: words.has('npm'),
    yarn: words.has('yarn'),
    pnpm: words.has('pnpm'),
    libc: words.has('musl') ? 'musl' : 'glibc',
    shell: true,
    userTool: words.has('useradd') ? 'useradd' : words.has('adduser') ? 'adduser' : 'none',
    packageTool: words.has('apt-get') ? 'apt' : words.has('apk') ? 'apk' : ['dnf', 'yum', 'microdnf'].some((t) => words.has(t)) ? 'rpm' : 'none',
    curl: words.has('curl'),
    wget: words.has('wget'),
  };
}

const noShell: BaseFacts = {
  shell: false,
  userTool: 'none',
  npm: false,
  yarn: false,
  pnpm: false,
  nodeUser: false,
  packageTool: 'none',
  curl: false,
  wget: false,
};

export async function probeBaseImage(docker: Docker, image: string, signal?: AbortSignal): Promise<BaseFacts | null> {
  if (!(await imageIdOf(docker, image, signal))) return null;
  const options = {
    name: containerName('probe'),
    Image: image,
    Entrypoint: ['/bin/sh', '-c'],
    Cmd: [script],
    User: '0',
    NetworkDisabled: true,
    HostConfig: { NetworkMode: 'none' },
  };
  return withContainer(docker, 'probe', options, async (container) => {
    try {
      await container.start();
    } catch {
      return noShell;
    }
    const code = await waitForExit(container, 20_000, signal);
    if (code === null) return null;
    if (code === 126 || code === 127) return noShell;
    return factsFromProbe(await containerLogs(container));
  });
}

/** vitest globalSetup of the `podman` project: is Podman there? If not, one loud line says why the project skips. */
import type { TestProject } from 'vitest/node';
import { podmanSkipNotice, podmanUnavailableReason } from './podman-fixtures';
import { recordSkipNotice } from './skip-notices';

export default async function setup(project: TestProject): Promise<void> {
  const reason = await podmanUnavailableReason();
  if (reason) recordSkipNotice(podmanSkipNotice(reason));
  project.provide('podmanUnavailable', reason);
}

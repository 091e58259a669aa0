/** vitest globalSetup of the `podman` project: is Podman there? If not, its tests fail with the reason (describeWithPodman). */
import type { TestProject } from 'vitest/node';
import { podmanUnavailableReason } from './podman-fixtures';

export default async function setup(project: TestProject): Promise<void> {
  project.provide('podmanUnavailable', await podmanUnavailableReason());
}

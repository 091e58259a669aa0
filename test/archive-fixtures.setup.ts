/**
 * vitest globalSetup of the engine projects: makes the archive fixtures (test/archive-fixtures.ts) once per
 * run, however many projects ask, provides them to the specs, and removes the image and the files when
 * the last project is done.
 */
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { makeArchiveFixtures, type ArchiveFixtures } from './archive-fixtures';
import { removeImage } from './docker-fixtures';

declare module 'vitest' {
  export interface ProvidedContext {
    archiveFixtures: ArchiveFixtures;
  }
}

interface Shared {
  made: Promise<{ dir: string; fixtures: ArchiveFixtures }>;
  users: number;
}
const holder = globalThis as { layerlensArchiveFixtures?: Shared };

async function make(): Promise<{ dir: string; fixtures: ArchiveFixtures }> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'layerlens-archive-fixtures-'));
  try {
    return { dir, fixtures: await makeArchiveFixtures(dir) };
  } catch (error) {
    await fs.rm(dir, { recursive: true, force: true });
    throw new Error(`Could not make the archive fixtures from the engine (scripts/test-env.sh starts one): ${(error as Error).message}`);
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const shared = (holder.layerlensArchiveFixtures ??= { made: make(), users: 0 });
  shared.users += 1;
  const { dir, fixtures } = await shared.made;
  project.provide('archiveFixtures', fixtures);
  return async () => {
    shared.users -= 1;
    if (shared.users > 0) return;
    holder.layerlensArchiveFixtures = undefined;
    await removeImage(fixtures.tag);
    await fs.rm(dir, { recursive: true, force: true });
  };
}

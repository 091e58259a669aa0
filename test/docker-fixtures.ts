/**
 * Test images built with the real docker CLI (an oracle independent of LayerLens's own engine code).
 * Every image a test builds has a unique tag under layerlens-test/ and is removed by the same test run.
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
export const fixturesDir = path.resolve(import.meta.dirname, 'fixtures');

export async function docker(...args: string[]): Promise<string> {
  const { stdout } = await run('docker', args, { maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}

export function uniqueTag(repo: string): string {
  return `layerlens-test/${repo}:t-${process.pid}-${randomBytes(3).toString('hex')}`;
}

export async function buildFixtureImage(fixture: string, tag: string): Promise<string> {
  await docker('build', '-q', '-t', tag, path.join(fixturesDir, fixture));
  return (await docker('image', 'inspect', '-f', '{{.Id}}', tag)).trim();
}

/** Removes only the given tag (never another image's tag); the image goes when no other tag holds it. */
export async function removeImage(tag: string): Promise<void> {
  await docker('rmi', tag).catch(() => undefined);
}

/**
 * Multi-stage builds leave their untagged stage images behind, as `docker build` does. A test that builds
 * them notes the dangling images before it starts and removes the new ones after (only those it made).
 */
export async function danglingImages(): Promise<Set<string>> {
  return new Set((await docker('images', '-q', '--no-trunc', '--filter', 'dangling=true')).split('\n').filter(Boolean));
}

export async function removeNewDangling(before: Set<string>): Promise<void> {
  for (const id of await danglingImages()) {
    if (!before.has(id)) await docker('rmi', id).catch(() => undefined);
  }
}

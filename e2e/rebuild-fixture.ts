/**
 * The rebuild specs' project and clean-up: a tiny Node app copied to a temp folder (no .lean file ever lands
 * in the repo) and made unique by a marker, so the untagged stage images a run's multi-stage builds leave
 * can be told apart from everyone else's and removed, and only those.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fixturesDir } from '../test/docker-fixtures';

export function docker(...args: string[]): string {
  return execFileSync('docker', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

export function imageIds(...filters: string[]): Set<string> {
  return new Set(
    docker('images', '-a', '-q', '--no-trunc', ...filters.flatMap((f) => ['--filter', f]))
      .split('\n')
      .filter(Boolean),
  );
}

/** The rebuild-app fixture in a temp folder, its package.json carrying the marker; optionally another Dockerfile. */
export function copyRebuildApp(marker: string, dockerfile?: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-e2e-rebuild-'));
  fs.cpSync(path.join(fixturesDir, 'rebuild-app'), dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>;
  fs.writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ ...manifest, description: `e2e run ${marker}` }, null, 2)}\n`);
  if (dockerfile !== undefined) fs.writeFileSync(path.join(dir, 'Dockerfile'), dockerfile);
  return dir;
}

/** Does the image's /app/package.json carry the marker? Read from a created (never started) container. */
export function carriesMarker(id: string, marker: string): boolean {
  let container = '';
  try {
    container = docker('create', id, 'true').trim();
    return docker('cp', `${container}:/app/package.json`, '-').includes(marker);
  } catch {
    return false;
  } finally {
    if (container) docker('rm', '-f', container);
  }
}

/** Removes the tags, then the untagged stage images this run's builds left (and only those). */
export function cleanUpRebuild(tags: string[], before: Set<string>, marker: string): void {
  for (const tag of tags) {
    try {
      docker('rmi', tag);
    } catch {
      // Not built (a failed or cancelled run).
    }
  }
  for (const id of imageIds('dangling=true')) {
    if (!before.has(id) && carriesMarker(id, marker)) {
      try {
        docker('rmi', id);
      } catch {
        // Held by another image of this run: removed with it.
      }
    }
  }
}

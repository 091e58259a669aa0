import fs from 'node:fs';
import { removeImage } from '../test/docker-fixtures';
import { stateFile } from './global-setup';

export default async function globalTeardown(): Promise<void> {
  if (!fs.existsSync(stateFile)) return;
  const state = JSON.parse(fs.readFileSync(stateFile, 'utf8')) as { tag: string; pid: number; extraTags?: string[]; scratch?: string };
  try {
    // The server was started detached, in its own process group: stop npm, tsx and node together.
    process.kill(-state.pid, 'SIGTERM');
  } catch {
    // Already gone.
  }
  await removeImage(state.tag);
  for (const extra of state.extraTags ?? []) await removeImage(extra);
  if (state.scratch) fs.rmSync(state.scratch, { recursive: true, force: true });
  fs.rmSync(stateFile);
}

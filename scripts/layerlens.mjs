// `npm run layerlens -- …`: runs the built CLI (out/main/cli.js) when it is newer than its sources,
// otherwise the sources through tsx, so a fresh clone works and a built one starts fast.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const built = path.join(root, 'out', 'main', 'cli.js');
const sourceDirs = ['cli', 'core', 'server', 'shared'].map((d) => path.join(root, 'src', d));

function newestSource(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const file = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestSource(file) : fs.statSync(file).mtimeMs);
  }
  return newest;
}

const fresh = fs.existsSync(built) && fs.statSync(built).mtimeMs >= Math.max(...sourceDirs.map(newestSource));
if (fresh) {
  await import(pathToFileURL(built).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import(pathToFileURL(path.join(root, 'src', 'cli', 'main.ts')).href);
}

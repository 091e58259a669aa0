// `npm start`: build, then open the Electron app; where no desktop or no Electron binary is available
// (headless boxes, CI machines), start the same UI with `layerlens serve` instead and say why.
import { spawnSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const run = (cmd, args) => spawnSync(cmd, args, { cwd: root, stdio: 'inherit' }).status ?? 1;

if (run('npx', ['electron-vite', 'build']) !== 0) process.exit(1);

function electronBinary() {
  if (process.env.ELECTRON_OVERRIDE_DIST_PATH) return path.join(process.env.ELECTRON_OVERRIDE_DIST_PATH, 'electron');
  const pathFile = path.join(root, 'node_modules', 'electron', 'path.txt');
  if (!fs.existsSync(pathFile)) return undefined;
  const binary = path.join(root, 'node_modules', 'electron', 'dist', fs.readFileSync(pathFile, 'utf8').trim());
  return fs.existsSync(binary) ? binary : undefined;
}

const hasDisplay = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
const binary = electronBinary();
const forcedHeadless = process.env.LAYERLENS_HEADLESS === '1';

if (!forcedHeadless && hasDisplay) {
  // Without a binary, the electron package downloads one on first use; if that fails we fall back below.
  const electron = binary ?? path.join(root, 'node_modules', '.bin', 'electron');
  const status = spawnSync(electron, ['.'], { cwd: root, stdio: 'inherit' }).status;
  if (status === 0) process.exit(0);
  console.error(`\nThe Electron app did not start (exit ${status}); starting the same UI headless instead.`);
} else {
  const why = forcedHeadless ? 'LAYERLENS_HEADLESS=1' : 'no display (DISPLAY/WAYLAND_DISPLAY unset)';
  console.error(`Starting the UI headless with \`layerlens serve\` (${why}).`);
}

const serve = spawn('npm', ['run', '--silent', 'layerlens', '--', 'serve', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
serve.on('exit', (code) => process.exit(code ?? 0));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => serve.kill(signal));

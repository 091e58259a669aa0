/**
 * What the runtime stage copies from the build stage: every folder the Dockerfile put the app into (each
 * COPY/ADD destination, the WORKDIR the image starts in, the folders RUN made), the installs and build
 * outputs that land in a shared folder such as `/`, and the global packages the start command calls. A
 * copy into a shared system folder (`COPY . /`, `COPY entry.sh /usr/local/bin/`) is narrowed to the
 * entries it put there, so the runtime base's own files are never overwritten wholesale.
 */
import path from 'node:path';
import type { ClosurePath } from '../../shared/rebuild';
import type { RunFacts } from './run-commands';
import type { StageChain } from './stage-chain';

/** Folders that belong to the base image: copying one whole would replace the runtime base's files. */
const sharedFolders = new Set([
  '/',
  '/bin',
  '/sbin',
  '/lib',
  '/lib64',
  '/usr',
  '/usr/bin',
  '/usr/sbin',
  '/usr/lib',
  '/usr/lib64',
  '/usr/local',
  '/usr/local/bin',
  '/usr/local/sbin',
  '/usr/local/lib',
  '/usr/local/share',
  '/usr/share',
  '/etc',
  '/var',
  '/var/lib',
  '/var/cache',
  '/var/log',
  '/tmp',
  '/home',
  '/root',
  '/opt',
  '/srv',
  '/run',
  '/dev',
  '/proc',
  '/sys',
  '/mnt',
  '/media',
]);

export function isSharedFolder(dir: string): boolean {
  return sharedFolders.has(dir.replace(/\/+$/, '') || '/');
}

export interface ClosureInput {
  chain: StageChain;
  runs: RunFacts[];
  /** Top-level names a context source expands to (`.` -> every entry Docker sends; `src/` -> its entries). */
  contextEntries(source: string): string[];
  /** Folders a JS install writes in a shared folder (node_modules); copied when there. */
  installOutputsOf(dir: string): string[];
  /** Folders a build script may write in a shared folder (dist, .next…): guesses, copied only when they exist. */
  buildOutputsOf(dir: string): string[];
  /** Global packages the start command calls (`npm i -g pm2` and CMD pm2-runtime). */
  globalPackages: string[];
}

function under(child: string, parent: string): boolean {
  return parent === '/' || child === parent || child.startsWith(`${parent}/`);
}

/** Reduces to the outermost paths: a folder's copy carries what is inside it. */
export function outermost(paths: ClosurePath[]): ClosurePath[] {
  const sorted = [...paths].sort((a, b) => a.path.length - b.path.length || a.path.localeCompare(b.path));
  const kept: ClosurePath[] = [];
  for (const entry of sorted) {
    if (kept.some((k) => !isSharedFolder(k.path) && under(entry.path, k.path))) continue;
    if (kept.some((k) => k.path === entry.path)) continue;
    kept.push(entry);
  }
  // Keep the Dockerfile's own order of discovery for readability.
  return paths.filter((p) => kept.includes(p));
}

/** The owner a folder ends with: a `chown -R` of it or of a folder above it, or a COPY --chown into it. */
function ownerOf(dir: string, input: ClosureInput): string | undefined {
  let owner: string | undefined;
  for (const run of input.runs) {
    for (const chown of run.chowns) {
      if (chown.recursive && chown.paths.some((p) => under(dir, p))) owner = chown.owner;
    }
  }
  return owner;
}

/** A COPY source read from the build context (not another stage, a URL or a heredoc). */
function fromContext(copy: StageChain['copies'][number], source: string): boolean {
  return !copy.fromStage && source !== '<<heredoc>' && !/^https?:\/\//.test(source);
}

/** Whether runtimeClosure asks for `contextEntries`: a COPY of context files into a shared folder. */
export function closureListsContext(chain: StageChain): boolean {
  return chain.copies.some((copy) => isSharedFolder(copy.dest) && copy.sources.some((source) => fromContext(copy, source)));
}

export function runtimeClosure(input: ClosureInput): ClosurePath[] {
  const found: ClosurePath[] = [];
  const add = (target: string, why: string, optional = false) => {
    const clean = path.posix.normalize(target).replace(/(.)\/+$/, '$1');
    if (!found.some((f) => f.path === clean)) found.push({ path: clean, why, ...(optional ? { optional } : {}) });
  };
  const { chain } = input;
  for (const copy of chain.copies) {
    const line = copy.instruction.line;
    const from = copy.fromStage ? ` (from ${copy.fromStage})` : '';
    if (!isSharedFolder(copy.dest)) {
      add(copy.dest, `line ${line}: ${copy.instruction.keyword} puts files here${from}`);
      continue;
    }
    // Into a shared folder: only the entries this COPY made there.
    for (const source of copy.sources) {
      if (source === '<<heredoc>') {
        add(copy.dest, `line ${line}: a heredoc file`);
        continue;
      }
      const names = fromContext(copy, source) ? input.contextEntries(source) : [path.posix.basename(source.replace(/\/+$/, ''))];
      const isDirContents = copy.destIsDir || copy.sources.length > 1;
      for (const name of names) {
        const target = isDirContents ? path.posix.join(copy.dest, name) : copy.dest;
        if (!isSharedFolder(target)) add(target, `line ${line}: ${copy.instruction.keyword} ${source} puts it here${from}`);
      }
    }
  }
  if (!isSharedFolder(chain.workdir)) add(chain.workdir, 'the WORKDIR the image starts in');
  for (const run of input.runs) {
    for (const dir of run.mkdirs) if (!isSharedFolder(dir)) add(dir, `line ${run.instruction.line}: made by mkdir`);
    for (const install of run.installs) {
      for (const output of input.installOutputsOf(install.dir))
        add(path.posix.join(install.dir, output), `line ${run.instruction.line}: ${install.manager} writes it`);
    }
    for (const script of run.scripts) {
      for (const output of input.buildOutputsOf(script.dir))
        add(path.posix.join(script.dir, output), `line ${run.instruction.line}: the ${script.script} script may write it`, true);
    }
  }
  for (const pkg of input.globalPackages) add(`/usr/local/lib/node_modules/${pkg}`, `the start command calls ${pkg}, installed globally`);
  return outermost(found.filter((f) => !isSharedFolder(f.path))).map((entry) => {
    const owner = ownerOf(entry.path, input);
    return owner ? { ...entry, chown: owner } : entry;
  });
}

/**
 * The one entry point of the rewrite. Reads the Dockerfile and the project (regular files inside the
 * context), finds the stage that is the image and what it is made of, and proposes lean candidates that
 * keep the original build and copy out the app onto a smaller runtime. Reads files only (no engine): what
 * the bases offer comes in as facts (core/build probes them) or is guessed from the image names.
 */
import fs from 'node:fs';
import path from 'node:path';
import ignore from '@balena/dockerignore';
import { createTwoFilesPatch } from 'diff';
import { LayerLensError } from '../../shared/errors';
import type { DockerfileStructure, LintFinding, NodeProject, OptimizeOptions, OptimizePlan, StartSummary } from '../../shared/rebuild';
import { listContextEntries } from '../fs/context-entries';
import { readContextFile } from '../fs/context-files';
import { guessFacts, isNodeImageName, parseImageRef, smallerRuntimeBase } from './base-images';
import { proposeDockerignore } from './dockerignore-proposal';
import { leanCandidates } from './lean-candidates';
import type { LeanFacts } from './lean-emit';
import { detectNodeProject } from './node-project';
import { runtimePackages } from './os-packages';
import { parseDockerfile, type ParsedDockerfile } from './parse-dockerfile';
import { pruneSteps } from './prune';
import { runFacts, type RunFacts } from './run-commands';
import { closureListsContext, runtimeClosure, isSharedFolder } from './runtime-closure';
import { devDependenciesLoadedAtRuntime } from './runtime-imports';
import { applyLintFixes, lintDockerfile } from './size-lint';
import { stageChain, type StageChain } from './stage-chain';
import { startNeeds } from './start-needs';

/** Build-argument names that hold secrets: never declared in the runtime stage, never printed. */
export const secretArgPattern = /(TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|PRIVATE_?KEY|CREDENTIAL|AUTH)/i;
const maxDockerfileBytes = 1024 * 1024;

export function resolveDockerfilePath(contextDir: string, dockerfile = 'Dockerfile'): { abs: string; name: string } {
  const abs = path.resolve(contextDir, dockerfile);
  const name = path.relative(contextDir, abs).split(path.sep).join('/');
  return { abs, name: name.startsWith('..') ? path.basename(abs) : name };
}

/** The Dockerfile's text. Inside the context: as Docker reads it; outside (an explicit -f): a regular file only. */
function readDockerfile(contextDir: string, dockerfile: string | undefined): { abs: string; name: string; text: string } {
  const { abs, name } = resolveDockerfilePath(contextDir, dockerfile);
  const relative = path.relative(contextDir, abs);
  let text: string | null;
  if (relative.startsWith('..') || path.isAbsolute(relative)) {
    const stat = fs.lstatSync(abs, { throwIfNoEntry: false });
    if (stat && !stat.isFile()) throw new LayerLensError('INVALID_ARGUMENT', `The Dockerfile ${abs} is not a regular file.`);
    text = stat ? readContextFile(path.dirname(abs), path.basename(abs), { what: 'the Dockerfile', maxBytes: maxDockerfileBytes }) : null;
  } else {
    text = readContextFile(contextDir, relative, { what: 'the Dockerfile', maxBytes: maxDockerfileBytes });
  }
  if (text === null) {
    const nearby = fs.existsSync(contextDir)
      ? fs.readdirSync(contextDir).filter((f) => /dockerfile|\.dockerfile$/i.test(f) && f !== '.dockerignore')
      : [];
    const hint =
      nearby.length > 0
        ? ` Found ${nearby.join(', ')}: name that file as the Dockerfile to use (Docker's default name is "Dockerfile", with a capital D).`
        : '';
    throw new LayerLensError('INVALID_ARGUMENT', `There is no Dockerfile at ${abs}.${hint}`);
  }
  return { abs, name, text };
}

function structureOf(parsed: ParsedDockerfile, chain: StageChain): DockerfileStructure {
  return {
    stages: parsed.stages.map((s) => ({ ...(s.name ? { name: s.name } : {}), image: s.image, line: s.from.line })),
    finalStage: chain.final.name ?? `stage ${chain.final.index + 1}`,
    multiStage: parsed.stages.length > 1,
  };
}

/** The context folder a container folder's package.json came from (a COPY of `.`, of `sub/`, of `sub/package.json`). */
function projectFolderFor(chain: StageChain, dir: string, contextDir: string): string {
  for (const copy of [...chain.copies].reverse()) {
    if (copy.fromStage) continue;
    for (const source of copy.sources) {
      const clean = source.replace(/^\.\/?/, '').replace(/\/$/, '');
      if (copy.dest === dir && (clean === '' || fs.existsSync(path.join(contextDir, clean, 'package.json')))) return clean;
      if (/(^|\/)package(\*|-lock)?\.json$/.test(clean) && (copy.dest === dir || copy.dest === `${dir}/package.json`)) {
        const folder = path.posix.dirname(clean);
        return folder === '.' ? '' : folder;
      }
    }
  }
  return '';
}

/** The context file a container path came from, when a COPY of the context put it there. */
function contextFileFor(chain: StageChain, containerPath: string, contextDir: string): string | undefined {
  for (const copy of [...chain.copies].reverse()) {
    if (copy.fromStage) continue;
    const target = path.posix.resolve(chain.workdir, containerPath);
    if (!(target === copy.dest || target.startsWith(`${copy.dest.replace(/\/$/, '')}/`))) continue;
    const rest = target === copy.dest ? '' : target.slice(copy.dest.replace(/\/$/, '').length + 1);
    for (const source of copy.sources) {
      const clean = source.replace(/^\.\/?/, '').replace(/\/$/, '');
      const candidate =
        rest === ''
          ? clean
          : copy.destIsDir && !fs.existsSync(path.join(contextDir, clean, rest))
            ? path.posix.join(path.posix.dirname(clean), rest)
            : path.posix.join(clean, rest);
      if (candidate && fs.existsSync(path.join(contextDir, candidate))) return candidate;
    }
  }
  return undefined;
}

function readScriptFrom(contextDir: string, chain: StageChain): (file: string) => string | null {
  return (file) => {
    const source = contextFileFor(chain, file, contextDir);
    if (!source) return null;
    try {
      return readContextFile(contextDir, source, { what: `the script ${source}`, maxBytes: 256 * 1024 });
    } catch {
      return null;
    }
  };
}

function lintOnly(
  base: Omit<
    OptimizePlan,
    'kind' | 'dockerfile' | 'diff' | 'changes' | 'candidates' | 'proposed' | 'closure' | 'projectDirs' | 'start' | 'project' | 'dockerignore'
  >,
  parsed: ParsedDockerfile,
  kind: 'kept' | 'lint-only',
  project: NodeProject | null,
): OptimizePlan {
  const fixed = applyLintFixes(base.original, parsed, base.lint);
  return {
    ...base,
    kind,
    dockerfile: fixed,
    diff: fixed ? createTwoFilesPatch(base.dockerfileName, `${base.dockerfileName}.lean`, base.original, fixed) : '',
    changes: base.lint.map((finding: LintFinding) => ({
      id: `lint-${finding.rule}-${finding.line}`,
      kind: 'warning' as const,
      title: finding.message,
      reason: finding.fix,
      originalLine: finding.line,
      originalText: parsed.instructions.find((i) => i.line === finding.line)?.text.split('\n')[0],
      leanLines: [],
    })),
    candidates: [],
    proposed: null,
    closure: [],
    projectDirs: [],
    start: null,
    project,
    dockerignore: null,
  };
}

/** A COPY source as a pattern over context paths; a malformed one (`COPY [ .`) matches nothing, as Docker's build fails on it. */
function sourceMatcher(pattern: string): (name: string) => boolean {
  const matcher = ignore().add(pattern);
  return (name) => {
    try {
      return matcher.ignores(name);
    } catch {
      return false;
    }
  };
}

/** The final stage runs Node.js: a Node base, a JS install, or a start through node or a package manager. */
function runsNode(chain: StageChain, runs: RunFacts[]): boolean {
  if (isNodeImageName(chain.resolvedBaseImage)) return true;
  if (runs.some((r) => r.installs.length > 0 || r.globalInstalls.length > 0)) return true;
  const start = chain.instructions.findLast((i) => i.keyword === 'CMD' || i.keyword === 'ENTRYPOINT');
  const head = (start?.json?.[0] ?? start?.args.split(/\s+/)[0] ?? '').split('/').pop() ?? '';
  return ['node', 'npm', 'yarn', 'pnpm', 'npx', 'nodemon', 'pm2-runtime', 'ts-node'].includes(head);
}

/**
 * The plan for a build context. The folder walks (the context as Docker sends it, node_modules and all;
 * the project's sources; prebuilt addons) read without blocking, so progress and other calls keep flowing
 * on Electron's main process and in `serve`; `signal` stops them with a CANCELLED error.
 */
export async function planOptimization(options: OptimizeOptions, signal?: AbortSignal): Promise<OptimizePlan> {
  const contextDir = path.resolve(options.contextDir);
  const stat = fs.statSync(contextDir, { throwIfNoEntry: false });
  if (!stat) throw new LayerLensError('INVALID_ARGUMENT', `There is no folder ${contextDir}.`);
  if (!stat.isDirectory()) throw new LayerLensError('INVALID_ARGUMENT', `The build context ${contextDir} is a file, not a folder.`);
  const dockerfile = readDockerfile(contextDir, options.dockerfile);
  const parsed = parseDockerfile(dockerfile.text, { file: dockerfile.name, buildArgs: options.buildArgs });
  const chain = stageChain(parsed, options.buildArgs, options.target);
  const lint = lintDockerfile(parsed);
  const structure = structureOf(parsed, chain);
  const runs = chain.instructions.filter((i) => i.keyword === 'RUN').map((i) => runFacts(i, chain.workdirAt.get(i) ?? '/'));
  const exposes = chain.instructions
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/))
    .map((p) => Number.parseInt(p, 10))
    .filter((p) => Number.isInteger(p) && p > 0);
  const healthcheck = chain.instructions.findLast((i) => i.keyword === 'HEALTHCHECK');
  const base = {
    contextDir,
    dockerfilePath: dockerfile.abs,
    dockerfileName: dockerfile.name,
    original: dockerfile.text,
    structure,
    lint,
    messages: [] as string[],
    bases: { original: chain.resolvedBaseImage, builder: chain.resolvedBaseImage, runtime: chain.resolvedBaseImage },
    buildCommand: null,
    verify: { ports: exposes, healthcheck: healthcheck !== undefined && !/^none$/i.test(healthcheck.args.trim()) },
  };

  const installs = runs.flatMap((r) => r.installs);
  const mainDir = installs[0]?.dir ?? chain.workdir;
  const folder = projectFolderFor(chain, mainDir, contextDir);
  const project = await detectNodeProject(contextDir, parseImageRef(chain.resolvedBaseImage).tag, folder, signal);
  if (!project) {
    base.messages.push(
      `No package.json in ${folder ? `${folder}/ of ` : ''}the build context: the lean rewrite covers Node.js projects. This Dockerfile gets the size lint with fixes.`,
    );
    return lintOnly(base, parsed, 'lint-only', null);
  }
  if (!runsNode(chain, runs)) {
    base.messages.push(
      `The image's final stage (${structure.finalStage}, on ${chain.resolvedBaseImage}) does not run Node.js: it is kept as it is${structure.multiStage ? ', with the stages that build for it' : ''}. The size lint still applies.`,
    );
    return lintOnly(base, parsed, 'kept', project);
  }

  // What the start needs, and which devDependencies the sources load at run time.
  const globals = runs.flatMap((r) =>
    r.globalInstalls.filter((g) => g.manager === 'npm').flatMap((g) => g.packages.map((p) => p.replace(/(.)@.*$/, '$1'))),
  );
  const start = startNeeds({
    entrypoint: chain.instructions.findLast((i) => i.keyword === 'ENTRYPOINT'),
    cmd: chain.instructions.findLast((i) => i.keyword === 'CMD'),
    healthcheck,
    packages: { scripts: project.scripts, dependencies: project.dependencies, devDependencies: project.devDependencies, globals },
    readScript: readScriptFrom(contextDir, chain),
  });
  const entryInContext = start.entryFiles.map((f) => contextFileFor(chain, f, contextDir)).filter((f): f is string => f !== undefined);
  const devDependenciesLoaded = await devDependenciesLoadedAtRuntime({
    contextDir: path.join(contextDir, folder),
    entryFiles: entryInContext.map((f) => (folder && f.startsWith(`${folder}/`) ? f.slice(folder.length + 1) : f)),
    dependencies: project.dependencies,
    devDependencies: project.devDependencies,
    signal,
  });
  const summary: StartSummary = { ...start, devDependenciesLoaded };

  // The context as Docker sends it (node_modules and all, unless .dockerignore drops it), read only when a
  // COPY of the context lands in a shared folder (`COPY . /`): the closure lists what that COPY put there.
  const listing = closureListsContext(chain)
    ? (await listContextEntries({ contextDir, dockerfile: dockerfile.name, signal })).map((e) => e.name)
    : [];
  const contextEntries = (source: string): string[] => {
    const clean = source.replace(/^\.\/?/, '').replace(/\/$/, '');
    if (clean === '') return listing.filter((n) => !n.includes('/'));
    const matches = sourceMatcher(clean);
    const direct = listing.filter((n) => matches(n) && !n.slice(clean.length + 1).includes('/'));
    const inside = listing.filter((n) => n.startsWith(`${clean}/`) && !n.slice(clean.length + 1).includes('/')).map((n) => n.slice(clean.length + 1));
    // A NUL names no file (and makes fs throw): such a source copies nothing.
    const isDir = !clean.includes('\0') && fs.statSync(path.join(contextDir, clean), { throwIfNoEntry: false })?.isDirectory();
    return isDir ? inside : direct.map((n) => path.posix.basename(n));
  };
  // Global packages the start calls, the package manager it goes through among them (`npm i -g pnpm`).
  const startManager = start.packageManager && start.packageManager !== 'npx' && globals.includes(start.packageManager) ? [start.packageManager] : [];
  const globalPackages = [...new Set([...start.bins.filter((b) => b.source === 'global' && b.pkg).map((b) => b.pkg!), ...startManager])];
  const closure = runtimeClosure({
    chain,
    runs,
    contextEntries,
    installOutputsOf: (dir) => (isSharedFolder(dir) ? ['node_modules'] : []),
    buildOutputsOf: (dir) => (isSharedFolder(dir) ? project.buildOutputs : []),
    globalPackages,
  });

  // Token files the copy would carry: the project's .npmrc with a token, wherever a COPY put it.
  const tokenFiles: string[] = [];
  if (project.npmrcHasToken) {
    for (const copy of chain.copies.filter((c) => !c.fromStage)) {
      const carries = copy.sources.some((s) => ['.', './', '.npmrc', `${folder}/.npmrc`, folder, `${folder}/`].includes(s));
      const target = copy.sources.includes('.npmrc') && !copy.destIsDir ? copy.dest : path.posix.join(copy.dest, '.npmrc');
      if (carries && closure.some((c) => target === c.path || target.startsWith(`${c.path}/`)) && !tokenFiles.includes(target))
        tokenFiles.push(target);
    }
  }
  const runtimeTools = new Set(
    ['curl', 'wget'].filter((t) => start.bins.some((b) => b.bin === t) || new RegExp(`\\b${t}\\b`).test(healthcheck?.args ?? '')),
  );
  const osRuntime = runs.flatMap((r) =>
    r.osInstalls
      .map((o) => ({
        tool: o.tool,
        packages: runtimePackages(o.packages, runtimeTools),
        instruction: r.instruction,
        noRecommends: o.words.includes('--no-install-recommends'),
      }))
      .filter((o) => o.packages.length > 0),
  );
  const secretArgs = new Set(
    [...parsed.globalArgs, ...chain.args]
      .flatMap((a) => a.args.split(/\s+/))
      .map((w) => w.split('=')[0]!)
      .filter((name) => secretArgPattern.test(name)),
  );
  const facts: LeanFacts = {
    originalText: dockerfile.text,
    dockerfileName: dockerfile.name,
    chain,
    buildStage: chain.final.name ?? 'layerlens-build',
    nameFinalStage: !chain.final.name,
    closure,
    prune: (() => {
      const result = pruneSteps(project, installs);
      return result.steps ?? { why: result.why };
    })(),
    secretArgs,
    tokenFiles,
    osRuntime,
    globalPackages,
    userCommands: runs.flatMap((r) => r.userCommands),
    hasNativeAddons: project.nativeAddons.length > 0,
    start,
    projectDir: mainDir,
    project,
  };

  const originalFacts = { ...guessFacts(chain.resolvedBaseImage), ...options.originalBaseFacts };
  const small = smallerRuntimeBase(chain.resolvedBaseImage, options.runtimeBase);
  const candidates = leanCandidates({
    facts,
    small: {
      image: small.image,
      facts: { ...guessFacts(small.image), ...(small.same ? options.originalBaseFacts : options.runtimeFacts) },
      reason: small.reason,
    },
    original: { image: chain.resolvedBaseImage, facts: originalFacts, reason: 'the original base' },
    builderFacts: { ...originalFacts, ...options.builderFacts },
    devDependenciesLoaded,
  });
  const proposed = candidates.find((c) => c.problems.length === 0) ?? null;

  const messages = base.messages;
  if (closure.length === 0) messages.push('LayerLens found no folder the app lives in (no COPY, no WORKDIR): the runtime stage would copy nothing.');
  if (structure.multiStage) {
    messages.push(
      'The Dockerfile is already multi-stage: every stage is kept, and the final stage is changed only with a verified gain (build with verification to measure it).',
    );
  }
  if (!Array.isArray(facts.prune)) messages.push(`devDependencies are not pruned: ${facts.prune.why}.`);
  if (small.same && !options.runtimeBase) messages.push(`Runtime base: ${small.reason}.`);
  if (project.nativeAddons.length > 0) messages.push(`Native addons: ${project.nativeAddons.join('; ')}. The runtime keeps the build base's libc.`);
  if (!proposed) messages.push('Every candidate has a problem static checks foresee (listed with each); none is proposed without verification.');
  else if (proposed !== candidates[0])
    messages.push(
      `Proposed: ${proposed.label}. The more aggressive candidates are not proposed: ${candidates
        .slice(0, candidates.indexOf(proposed))
        .map((c) => c.problems[0])
        .join('; ')}.`,
    );

  const required = [
    ...chain.copies
      .filter((c) => !c.fromStage)
      .flatMap((c) => c.sources)
      .filter((s) => s !== '<<heredoc>' && !/[*?[]/.test(s))
      .map((s) => s.replace(/^\.\//, '').replace(/\/$/, '')),
    ...(runs.some((r) => r.commands.some((c) => c.words[0] === 'git')) ? ['.git'] : []),
  ].filter((s) => s && s !== '.');
  const dockerignore = proposeDockerignore(
    (() => {
      try {
        return readContextFile(contextDir, '.dockerignore', { what: '.dockerignore', maxBytes: 256 * 1024 });
      } catch {
        return null;
      }
    })(),
    required,
    installs.length > 0,
  );
  return {
    ...base,
    kind: 'lean-rewrite',
    candidates,
    proposed: proposed?.id ?? null,
    dockerfile: proposed?.dockerfile ?? null,
    diff: proposed ? createTwoFilesPatch(dockerfile.name, `${dockerfile.name}.lean`, dockerfile.text, proposed.dockerfile) : '',
    changes: proposed?.changes ?? [],
    dockerignore: dockerignore.added.length > 0 ? dockerignore : null,
    messages,
    project,
    bases: { original: chain.resolvedBaseImage, builder: chain.resolvedBaseImage, runtime: proposed?.choices.runtimeBase ?? small.image },
    start: summary,
    closure,
    projectDirs: [...new Set(installs.length > 0 ? installs.map((i) => i.dir) : [mainDir])],
  };
}

/**
 * The one entry point of the rewrite: read the context, parse the Dockerfile, understand the project and
 * propose the lean Dockerfile, the .dockerignore, the changes with their reasons and the size lint. Reads
 * files only (no engine): what the bases offer comes in as `runtimeFacts`/`builderFacts` (core/build can
 * probe them) or is guessed from the image names.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createTwoFilesPatch } from 'diff';
import { LayerLensError } from '../../shared/errors';
import { chooseBases, parseImageRef } from './base-images';
import { proposeDockerignore } from './dockerignore-proposal';
import { detectNodeProject } from './node-project';
import { classifyRun, formatBytes, rewriteNodeDockerfile } from './node-rewrite';
import { parseDockerfile, type ParsedDockerfile } from './parse-dockerfile';
import { applyLintFixes, lintDockerfile } from './size-lint';
import { resolveStart } from './start-command';
import type { NodeProject, OptimizeOptions, OptimizePlan } from './types';

export const nodeOnlyMessage =
  'The multi-stage rewrite covers Node.js projects (a package.json in the build context and a Node base image). This Dockerfile gets the size lint with fixes.';

export function resolveDockerfilePath(contextDir: string, dockerfile = 'Dockerfile'): { abs: string; name: string } {
  const abs = path.resolve(contextDir, dockerfile);
  const name = path.relative(contextDir, abs).split(path.sep).join('/');
  return { abs, name: name.startsWith('..') ? path.basename(abs) : name };
}

function readText(file: string): string | null {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return null;
  }
}

function looksLikeNode(parsed: ParsedDockerfile, project: NodeProject | null): boolean {
  if (!project) return false;
  const images = parsed.stages.map((s) => s.resolvedImage.toLowerCase());
  if (images.some((image) => /(^|\/)node(js)?([:@-]|$)|node/.test(image))) return true;
  return parsed.instructions.some((i) => /\b(npm|yarn|pnpm|node)\b/.test(i.args));
}

function dirBytes(dir: string): number {
  let total = 0;
  let entries: fs.Dirent[] = [];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch {
    return 0;
  }
  for (const entry of entries) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) total += dirBytes(full);
    else if (entry.isFile()) total += fs.statSync(full).size;
  }
  return total;
}

/** Bytes of the devDependencies in a local node_modules (only when the context has one). */
function measureDevDependencies(contextDir: string, project: NodeProject): number | undefined {
  const modules = path.join(contextDir, 'node_modules');
  if (!fs.existsSync(modules)) return undefined;
  const total = project.devDependencies.reduce((sum, name) => sum + dirBytes(path.join(modules, name)), 0);
  return total > 0 ? total : undefined;
}

export function planOptimization(options: OptimizeOptions): OptimizePlan {
  const contextDir = path.resolve(options.contextDir);
  if (!fs.existsSync(contextDir) || !fs.statSync(contextDir).isDirectory()) {
    throw new LayerLensError('INVALID_ARGUMENT', `The build context ${contextDir} is not a directory.`);
  }
  const { abs, name } = resolveDockerfilePath(contextDir, options.dockerfile);
  const original = readText(abs);
  if (original === null) throw new LayerLensError('INVALID_ARGUMENT', `There is no Dockerfile at ${abs}.`);
  const parsed = parseDockerfile(original, { file: name, buildArgs: options.buildArgs });
  const lint = lintDockerfile(parsed);
  const firstStage = parsed.stages[0]!;
  const finalStage = parsed.stages[parsed.stages.length - 1]!;
  const project = detectNodeProject(contextDir, parseImageRef(firstStage.resolvedImage).tag);
  const exposes = finalStage.instructions
    .filter((i) => i.keyword === 'EXPOSE')
    .flatMap((i) => i.args.split(/\s+/))
    .map((p) => Number.parseInt(p, 10))
    .filter((p) => Number.isInteger(p) && p > 0);
  const verify = { ports: exposes, healthcheck: finalStage.instructions.some((i) => i.keyword === 'HEALTHCHECK' && !/^none$/i.test(i.args)) };

  if (!project || !looksLikeNode(parsed, project)) {
    const fixed = applyLintFixes(original, parsed, lint);
    return {
      kind: 'lint-only',
      contextDir,
      dockerfilePath: abs,
      dockerfileName: name,
      original,
      dockerfile: fixed,
      diff: fixed ? createTwoFilesPatch(name, `${name}.lean`, original, fixed) : '',
      changes: lint.map((finding) => ({
        id: `lint-${finding.rule}-${finding.line}`,
        kind: 'warning' as const,
        title: finding.message,
        reason: finding.fix,
        originalLine: finding.line,
        originalText: parsed.instructions.find((i) => i.line === finding.line)?.text.split('\n')[0],
        leanLines: [],
      })),
      lint,
      dockerignore: null,
      messages: [nodeOnlyMessage],
      project: null,
      bases: { original: finalStage.image, builder: finalStage.image, runtime: finalStage.image },
      start: null,
      verify,
    };
  }

  const bases = chooseBases({
    original: firstStage.image,
    nativeAddons: project.nativeAddons,
    runtimeBase: options.runtimeBase ?? (parsed.stages.length > 1 ? finalStage.image : undefined),
    builderBase: options.builderBase,
    runtimeFacts: options.runtimeFacts,
    builderFacts: options.builderFacts,
    runtimeUsesApt: finalStage.instructions.some((i) => i.keyword === 'RUN' && /\bapt(-get)?\s/.test(i.args) && classifyRun(i, project) === 'os-packages'),
  });
  if (parsed.stages.length > 1 && !options.runtimeBase) {
    bases.runtimeReason = `the original's final stage already runs on ${finalStage.image}`;
  }
  const start = resolveStart({
    cmd: finalStage.instructions.findLast((i) => i.keyword === 'CMD'),
    entrypoint: finalStage.instructions.findLast((i) => i.keyword === 'ENTRYPOINT'),
    scripts: project.scripts,
    runtimeHasNpm: bases.runtimeFacts.npm === true,
  });
  const rewrite = rewriteNodeDockerfile({
    parsed,
    project,
    bases,
    start,
    buildkit: options.buildkit,
    devDependencyBytes: measureDevDependencies(contextDir, project),
    dockerfileName: name,
  });

  const required = [
    'package.json',
    ...(project.lockfile ? [project.lockfile] : []),
    ...(project.npmrc ? ['.npmrc'] : []),
    ...project.managerFiles,
    ...project.workspaces.map((w) => `${w}/package.json`),
    ...(start.entryFile ? [start.entryFile.replace(/^\.\//, '')] : []),
    ...['tsconfig.json', 'vite.config.ts', 'vite.config.js', 'index.html'].filter((f) => fs.existsSync(path.join(contextDir, f))),
  ];
  const dockerignore = proposeDockerignore(readText(path.join(contextDir, '.dockerignore')), required);
  const changes = rewrite.changes;
  if (dockerignore.added.length > 0) {
    changes.push({
      id: 'dockerignore',
      kind: 'dockerignore',
      title: dockerignore.existing === null ? 'A .dockerignore is proposed' : 'The .dockerignore gains rules',
      reason: `${dockerignore.added.join(', ')} are kept out of the build context: smaller, faster context uploads and nothing local (node_modules, .env files, .git) leaks into COPY . .${
        dockerignore.existing !== null ? ' Your rules are kept after them and take precedence.' : ''
      }`,
      leanLines: [],
    });
  }
  const messages: string[] = [];
  if (project.nativeAddons.length > 0) messages.push(`Native addons: ${project.nativeAddons.join('; ')}. The runtime base must use the builder's libc.`);
  if (project.npmrcHasToken) messages.push('.npmrc holds a registry token: it stays in the builder stages, whose layers are not part of the final image.');
  const bytes = changes.find((c) => c.bytes)?.bytes;
  if (bytes) messages.push(`devDependencies measured in the local node_modules: ${formatBytes(bytes)}.`);
  return {
    kind: 'node-rewrite',
    contextDir,
    dockerfilePath: abs,
    dockerfileName: name,
    original,
    dockerfile: rewrite.dockerfile,
    diff: createTwoFilesPatch(name, `${name}.lean`, original, rewrite.dockerfile),
    changes,
    lint,
    dockerignore: dockerignore.added.length > 0 ? dockerignore : null,
    messages,
    project,
    bases: { original: firstStage.image, builder: bases.builder, runtime: bases.runtime },
    start,
    verify,
  };
}

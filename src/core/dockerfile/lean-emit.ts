/**
 * The text of one lean candidate. The original Dockerfile comes first, verbatim (every stage, every RUN,
 * ARG, BuildKit mount and heredoc), its final stage named so it can be copied from; a few steps are
 * appended to that stage (prune devDependencies, drop token files, gather global bins and native
 * libraries); then a runtime stage on the candidate's base copies the runtime closure out of it and
 * restates the original's config: ARG, LABEL, ENV, SHELL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL,
 * HEALTHCHECK, ONBUILD, ENTRYPOINT and CMD as written. Every departure from the original is a change with
 * a reason.
 */
import { LayerLensError } from '../../shared/errors';
import type { BaseFacts, CandidateChoices, ClosurePath, DockerfileChange, NodeProject } from '../../shared/rebuild';
import { ChangeEmitter } from './change-emitter';
import type { ParsedInstruction } from './parse-dockerfile';
import type { PruneStep } from './prune';
import type { StageChain } from './stage-chain';
import type { StartNeeds } from './start-needs';

/** What every candidate of a plan shares: decided once from the Dockerfile and the context. */
export interface LeanFacts {
  originalText: string;
  dockerfileName: string;
  chain: StageChain;
  /** The final stage's name, existing or added. */
  buildStage: string;
  /** The final stage's FROM gets `AS <buildStage>` (it had no name). */
  nameFinalStage: boolean;
  closure: ClosurePath[];
  /** Prune steps, or why none (then no candidate prunes). */
  prune: PruneStep[] | { why: string };
  /** ARG names that hold secrets: never declared in the runtime stage. */
  secretArgs: Set<string>;
  /** Files with a registry token inside the copied folders, removed before the copy. */
  tokenFiles: string[];
  /** OS packages the original installed that the app uses at run time, per install. */
  osRuntime: { tool: 'apt' | 'apk' | 'rpm'; packages: string[]; instruction: ParsedInstruction; noRecommends: boolean }[];
  /** Global packages the start command calls. */
  globalPackages: string[];
  /** The original's user and group creation commands, replayed on the runtime base (its USER must exist there). */
  userCommands: string[][];
  hasNativeAddons: boolean;
  start: StartNeeds;
  /** The folder whose node_modules/.bin holds the start script's executables. */
  projectDir: string;
  project: NodeProject;
}

const secretReference = (text: string, secrets: Set<string>): string | undefined =>
  [...text.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!).find((name) => secrets.has(name));

const json = (words: string[]): string => `[${words.map((w) => JSON.stringify(w)).join(', ')}]`;

/** A path as a COPY operand: plain when it can be, JSON-quoted otherwise; never with control characters. */
export function copyOperand(path: string): string | null {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u001f\u007f]/.test(path)) return null;
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(path) ? path : JSON.stringify(path);
}

/**
 * An original instruction copied into the runtime stage, as written, unless it holds a control character
 * or a Unicode line separator: Docker reads those as part of the line, but they would show (or be taken)
 * as extra lines by whoever reads Dockerfile.lean.
 */
function replayed(instruction: ParsedInstruction): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f\u2028\u2029]/.test(instruction.text)) {
    throw new LayerLensError(
      'INVALID_DOCKERFILE',
      `${instruction.keyword} on line ${instruction.line} holds a control character or a Unicode line separator; LayerLens does not copy it into Dockerfile.lean.`,
    );
  }
  return instruction.text;
}

function copyLine(from: string, source: string, dest: string, chown?: string): string | null {
  const a = copyOperand(source);
  const b = copyOperand(dest);
  if (a === null || b === null) return null;
  const owner = chown && /^[A-Za-z0-9_.-]+(:[A-Za-z0-9_.-]+)?$/.test(chown) ? ` --chown=${chown}` : '';
  if (a.startsWith('"') || b.startsWith('"')) return `COPY --from=${from}${owner} [${a}, ${b}]`;
  return `COPY --from=${from}${owner} ${a} ${b}`;
}

function isRootUser(user: ParsedInstruction | undefined): boolean {
  if (!user) return true;
  const name = user.args.split(':')[0]!.trim();
  return name === 'root' || name === '0';
}

function lastOf(chain: StageChain, keyword: string): ParsedInstruction | undefined {
  return chain.instructions.findLast((i) => i.keyword === keyword);
}

function allOf(chain: StageChain, keyword: string): ParsedInstruction[] {
  return chain.instructions.filter((i) => i.keyword === keyword);
}

/** Staging of the global executables the start calls: the symlinks of their packages, kept as links. */
function globalBinsScript(packages: string[]): string {
  const cases = packages.map((p) => `*node_modules/${p}/*`).join('|');
  return [
    'RUN mkdir -p /opt/layerlens/global-bin \\',
    ' && cd "$(npm prefix -g)/bin" \\',
    ` && for bin in *; do case "$(readlink "$bin")" in ${cases}) cp -P "$bin" /opt/layerlens/global-bin/ ;; esac; done`,
  ].join('\n');
}

/** Staging of build outputs whose names are guesses: whichever of them the build made, with their paths. */
function optionalOutputsScript(paths: string[]): string {
  return [
    'RUN mkdir -p /opt/layerlens/optional \\',
    ` && for p in ${paths.map((p) => copyOperand(p)).join(' ')}; do if [ -e "$p" ]; then mkdir -p "/opt/layerlens/optional$(dirname "$p")" && cp -a "$p" "/opt/layerlens/optional$p"; fi; done`,
  ].join('\n');
}

/** Staging of the shared libraries native addons link against, minus the C runtime every base has. */
function nativeLibsScript(dirs: string[]): string {
  return [
    'RUN mkdir -p /opt/layerlens/native-libs \\',
    ' && if command -v ldd >/dev/null 2>&1; then \\',
    `      find ${dirs.map((d) => copyOperand(d) ?? '/').join(' ')} -name '*.node' -type f 2>/dev/null | while read -r addon; do ldd "$addon" 2>/dev/null; done \\`,
    '      | awk \'$2 == "=>" && $3 ~ /^\\// { print $3 }\' | sort -u \\',
    "      | grep -Ev '/(ld-linux[^/]*|ld-musl[^/]*|libc|libm|libdl|libpthread|librt|libresolv|libutil|libstdc\\+\\+|libgcc_s)\\.so' \\",
    '      | while read -r lib; do mkdir -p "/opt/layerlens/native-libs$(dirname "$lib")" && cp -L "$lib" "/opt/layerlens/native-libs$lib"; done; \\',
    '    fi',
  ].join('\n');
}

function osInstallLine(install: LeanFacts['osRuntime'][number]): string {
  const packages = install.packages.join(' ');
  switch (install.tool) {
    case 'apt':
      return `RUN apt-get update \\\n && apt-get install -y${install.noRecommends ? ' --no-install-recommends' : ''} ${packages} \\\n && rm -rf /var/lib/apt/lists/*`;
    case 'apk':
      return `RUN apk add --no-cache ${packages}`;
    case 'rpm':
      return `RUN (dnf install -y ${packages} || yum install -y ${packages}) && (dnf clean all || yum clean all)`;
  }
}

/** Lines that make a non-root user on the runtime base, and the USER value. */
function nonRootUser(facts: BaseFacts): { create?: string; user: string; what: string } {
  if (facts.nodeUser) return { user: 'node', what: 'the node user the base image has' };
  if (facts.shell === false || facts.userTool === 'none') return { user: '10001:10001', what: 'UID 10001 (the base has no tool to create a user)' };
  if (facts.userTool === 'adduser')
    return { create: 'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app', user: 'app', what: 'a new "app" user (UID 10001)' };
  if (facts.userTool === 'useradd') {
    return {
      create: 'RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app',
      user: 'app',
      what: 'a new "app" user (UID 10001)',
    };
  }
  return {
    create: [
      'RUN if command -v useradd >/dev/null 2>&1; \\',
      '    then groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home app; \\',
      '    else addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app; fi',
    ].join('\n'),
    user: 'app',
    what: 'a new "app" user (UID 10001)',
  };
}

/** The original text with the final stage named (when it had no name). */
function originalWithNamedFinalStage(facts: LeanFacts): string {
  const lines = facts.originalText.replace(/\s+$/, '').split('\n');
  if (facts.nameFinalStage) {
    const from = facts.chain.final.from;
    const index = from.endLine - 1;
    lines[index] = `${lines[index]!.replace(/\s+$/, '')} AS ${facts.buildStage}`;
  }
  return lines.join('\n');
}

export function emitCandidate(
  facts: LeanFacts,
  choices: CandidateChoices,
  runtimeFacts: BaseFacts,
  runtimeReason: string,
): { dockerfile: string; changes: DockerfileChange[] } {
  const e = new ChangeEmitter();
  const { chain } = facts;
  const build = facts.buildStage;

  // The original, verbatim, with the appended build-stage steps right after its final stage.
  const original = originalWithNamedFinalStage(facts);
  const lines = original.split('\n');
  const finalEnd = chain.final.instructions.at(-1)!.endLine;
  const stagesId = e.change({
    id: 'original-build-kept',
    kind: 'stages',
    title: 'The original build is kept as it is',
    reason: `Every stage and instruction of ${facts.dockerfileName} builds as before${facts.nameFinalStage ? ` (its final stage is named ${build} so the runtime stage can copy from it)` : ''}; only a runtime stage is added, which copies out what the app needs.`,
    original: chain.final.from,
  });
  e.emit(lines.slice(0, finalEnd).join('\n'), ...(facts.nameFinalStage ? [stagesId] : []));

  const trims: { text: string; id: string }[] = [];
  const pruneId =
    choices.prune && Array.isArray(facts.prune)
      ? e.change({
          id: 'prune-dev-dependencies',
          kind: 'dependencies',
          title: 'devDependencies pruned before the copy',
          reason: `devDependencies (${facts.project.devDependencies.slice(0, 5).join(', ')}${facts.project.devDependencies.length > 5 ? ` and ${facts.project.devDependencies.length - 5} more` : ''}) are for building and testing: the build stage prunes them with the project's own package manager (${facts.prune.map((s) => s.command).join('; ')}), after the build used them, so the runtime copy holds production dependencies only.`,
        })
      : undefined;
  if (pruneId && Array.isArray(facts.prune))
    for (const step of facts.prune) trims.push({ text: `RUN cd ${copyOperand(step.dir) ?? '/'} && ${step.command}`, id: pruneId });
  const tokenId = facts.tokenFiles.length
    ? e.change({
        id: 'token-files-removed',
        kind: 'secrets',
        title: 'Registry token files left out of the runtime',
        reason: `${facts.tokenFiles.join(', ')} hold${facts.tokenFiles.length === 1 ? 's' : ''} a registry token and would be copied with the app; it is removed in the build stage before the copy.`,
      })
    : undefined;
  if (tokenId)
    trims.push({
      text: `RUN rm -f ${facts.tokenFiles
        .map((f) => copyOperand(f))
        .filter(Boolean)
        .join(' ')}`,
      id: tokenId,
    });
  const globalId = facts.globalPackages.length
    ? e.change({
        id: 'global-packages',
        kind: 'copy',
        title: `Global packages the start calls: ${facts.globalPackages.join(', ')}`,
        reason:
          'They were installed with npm -g and the start command runs them: their folders and executables (kept as links) are copied into the runtime.',
      })
    : undefined;
  if (globalId) trims.push({ text: globalBinsScript(facts.globalPackages), id: globalId });
  const nativeLibs = facts.hasNativeAddons && choices.runtimeBase !== chain.resolvedBaseImage;
  const nativeId = nativeLibs
    ? e.change({
        id: 'native-libraries',
        kind: 'copy',
        title: 'Shared libraries of native addons copied',
        reason: `The native addons (${facts.project.nativeAddons[0]}) link against libraries the build base has; the ones ${choices.runtimeBase} may lack are found with ldd and copied too.`,
      })
    : undefined;
  if (nativeId) trims.push({ text: nativeLibsScript(facts.closure.map((c) => c.path)), id: nativeId });
  const optional = facts.closure.filter((c) => c.optional && copyOperand(c.path) !== null);
  const copyId = e.change({
    id: 'runtime-closure',
    kind: 'copy',
    title: 'The runtime copies out only what the app needs',
    reason: `${facts.closure.map((c) => `${c.path}${c.optional ? ' (when the build made it)' : ''}`).join(', ')}: ${facts.closure.map((c) => c.why).join('; ')}. Compilers, package caches and files deleted in later layers stay behind.`,
  });
  if (optional.length > 0) trims.push({ text: optionalOutputsScript(optional.map((c) => c.path)), id: copyId });
  if (trims.length > 0) {
    e.blank();
    e.emit('# LayerLens: trim what the runtime stage copies (these steps stay in the build stage).');
    // The original may end as a non-root user; the trims need to change files it may not own.
    if (!isRootUser(chain.user)) e.emit('USER root', trims[0]!.id);
    for (const trim of trims) e.emit(trim.text, trim.id);
  }
  const rest = lines.slice(finalEnd).join('\n').trim();
  if (rest) {
    e.blank();
    e.emit(rest);
  }

  // The runtime stage.
  e.blank();
  const baseId = e.change({
    id: 'runtime-base',
    kind: 'base-image',
    title:
      choices.runtimeBase === chain.resolvedBaseImage
        ? `Runtime on the original base ${choices.runtimeBase}`
        : `Runtime base: ${choices.runtimeBase}`,
    reason:
      choices.runtimeBase === chain.resolvedBaseImage
        ? 'The same base as the original, with a fresh copy of the app: caches, files deleted in later layers and build-only outputs are left behind.'
        : runtimeReason,
    original: chain.stages[0]!.from,
  });
  e.emit(`# LayerLens runtime: ${choices.runtimeBase} and what the app needs, copied from the ${build} stage.`, baseId);
  e.emit(`FROM ${choices.runtimeBase === chain.resolvedBaseImage ? chain.baseImage : choices.runtimeBase}`, baseId);

  const configLines: ParsedInstruction[] = [...allOf(chain, 'LABEL'), ...allOf(chain, 'ENV')].sort((a, b) => a.line - b.line);
  const keptConfig: ParsedInstruction[] = [];
  for (const instruction of configLines) {
    const secret = secretReference(instruction.args, facts.secretArgs);
    if (secret && instruction.keyword === 'ENV') {
      e.change({
        id: `secret-env-${instruction.line}`,
        kind: 'secrets',
        title: `ENV from the secret build argument ${secret} not set in the runtime`,
        reason: `It would put the build secret ${secret} into the image's config, where docker inspect shows it to anyone with the image.`,
        original: instruction,
        configFields: ['Env'],
      });
      continue;
    }
    keptConfig.push(instruction);
  }
  const later = ['SHELL', 'WORKDIR', 'USER', 'EXPOSE', 'VOLUME', 'STOPSIGNAL', 'HEALTHCHECK', 'ONBUILD'].flatMap((k) => allOf(chain, k));
  // ARGs the restated lines refer to (never a secret one).
  const referenced = new Set([...keptConfig, ...later].flatMap((i) => [...i.args.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!)));
  for (const arg of chain.args) {
    const name = arg.args.split('=')[0]!.trim();
    if (referenced.has(name) && !facts.secretArgs.has(name)) e.emit(replayed(arg));
  }
  for (const instruction of keptConfig) e.emit(replayed(instruction));
  const shell = lastOf(chain, 'SHELL');
  if (shell) e.emit(replayed(shell));

  // Runtime packages of the original, and the tools this base lacks (in the same install when one exists).
  const installs = facts.osRuntime.map((install) => ({ ...install, packages: [...install.packages], ids: [] as string[] }));
  for (const install of installs) {
    install.ids.push(
      e.change({
        id: `os-packages-${install.instruction.line}`,
        kind: 'os-packages',
        title: `Runtime packages installed again: ${install.packages.join(', ')}`,
        reason:
          'The original installed them and the app may use them at run time (they are not build tools); the build tools of the same line stay in the build stage.',
        original: install.instruction,
      }),
    );
  }
  const tool = runtimeFacts.packageTool;
  if (choices.addedTools.length > 0 && tool && tool !== 'none') {
    const id = e.change({
      id: 'added-tools',
      kind: 'os-packages',
      title: `Installed on the runtime: ${choices.addedTools.join(', ')}`,
      reason: `The HEALTHCHECK or the start calls ${choices.addedTools.join(' and ')}; the original base had ${choices.addedTools.length > 1 ? 'them' : 'it'}, ${choices.runtimeBase} does not.`,
    });
    const same = installs.find((i) => i.tool === tool);
    if (same) {
      same.packages.push(...choices.addedTools);
      same.ids.push(id);
    } else installs.push({ tool, packages: [...choices.addedTools], instruction: chain.final.from, noRecommends: true, ids: [id] });
  }
  for (const install of installs) e.emit(osInstallLine(install), ...install.ids);

  if (facts.userCommands.length > 0) {
    const id = e.change({
      id: 'users-recreated',
      kind: 'user',
      title: 'The users the original creates exist in the runtime too',
      reason: `The build made them (${facts.userCommands.map((c) => c.slice(0, 2).join(' ')).join(', ')}); the runtime base does not have them, and the image runs as one or owns files by it.`,
    });
    const shellWord = (w: string) => (/^[A-Za-z0-9_@%+=:,./-]+$/.test(w) ? w : `'${w.replace(/'/g, "'\\''")}'`);
    e.emit(`RUN ${facts.userCommands.map((words) => words.map(shellWord).join(' ')).join(' \\\n && ')}`, id);
  }

  let user = chain.user && replayed(chain.user);
  let userId: string | undefined;
  if (choices.nonRoot) {
    const made = nonRootUser(runtimeFacts);
    const id = e.change({
      id: 'non-root',
      kind: 'user',
      title: `Runs as ${made.what}`,
      reason: `The original ran as root: a compromised app could change its own files and the rest of the container. The app's files stay owned as they were, so it cannot rewrite them.`,
      original: chain.user,
      configFields: ['User'],
    });
    if (made.create) e.emit(made.create, id);
    user = `USER ${made.user}`;
    userId = id;
  }

  for (const entry of facts.closure.filter((c) => !c.optional)) {
    const line = copyLine(build, entry.path, entry.path, entry.chown);
    if (line === null) {
      e.change({
        id: `unsafe-path-${entry.path.length}`,
        kind: 'warning',
        title: 'A path with control characters was not copied',
        reason: `${JSON.stringify(entry.path)} cannot be written into a Dockerfile safely.`,
      });
      continue;
    }
    e.emit(line, copyId);
  }
  if (optional.length > 0) e.emit(`COPY --from=${build} /opt/layerlens/optional/ /`, copyId);
  if (globalId) e.emit(`COPY --from=${build} /opt/layerlens/global-bin/ /usr/local/bin/`, globalId);
  if (nativeId) e.emit(`COPY --from=${build} /opt/layerlens/native-libs/ /`, nativeId);

  const workdir = lastOf(chain, 'WORKDIR');
  if (workdir) e.emit(`WORKDIR ${chain.workdir}`);
  if (user) e.emit(user, ...(userId ? [userId] : []));
  for (const keyword of ['EXPOSE', 'VOLUME']) for (const instruction of allOf(chain, keyword)) e.emit(replayed(instruction));
  for (const keyword of ['STOPSIGNAL', 'HEALTHCHECK']) {
    const instruction = lastOf(chain, keyword);
    if (instruction) e.emit(replayed(instruction));
  }
  for (const instruction of allOf(chain, 'ONBUILD')) e.emit(replayed(instruction));

  const entrypoint = lastOf(chain, 'ENTRYPOINT');
  const cmd = lastOf(chain, 'CMD');
  if (entrypoint) e.emit(replayed(entrypoint));
  if (choices.directStart && facts.start.direct) {
    const [head, ...args] = facts.start.direct;
    const bin = facts.start.bins.find((b) => b.bin === head && b.source === 'dependency');
    const words = bin ? [`${facts.projectDir.replace(/\/$/, '')}/node_modules/.bin/${head}`, ...args] : facts.start.direct;
    const id = e.change({
      id: 'direct-start',
      kind: 'command',
      title: `The ${facts.start.script?.name ?? 'start'} script runs without ${facts.start.packageManager}`,
      reason: `${choices.runtimeBase} has no ${facts.start.packageManager}: the runtime runs the script's own command (${facts.start.script?.command}) directly, from the project's node_modules/.bin.`,
      original: cmd,
      configFields: ['Cmd'],
    });
    e.emit(`CMD ${json(words)}`, id);
  } else if (cmd) e.emit(replayed(cmd));
  return e.finish();
}

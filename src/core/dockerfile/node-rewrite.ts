/**
 * The multi-stage rewrite of a Node.js Dockerfile: deps (production dependencies only), build (full
 * dependencies + the build script, when there is one), source (the context without secrets and
 * node_modules, when there is no build) and runtime (small base, NODE_ENV=production, non-root, exec-form
 * CMD). The original's WORKDIR, ENV, ARG, EXPOSE, LABEL, HEALTHCHECK, STOPSIGNAL, VOLUME, ENTRYPOINT and CMD
 * are kept. Every emitted line is tied to the change that made it; every change to its original line.
 * The output builds on the legacy builder (no heredocs, no cache mounts) unless `buildkit` is asked for.
 */
import path from 'node:path';
import type { BaseChoice } from './base-images';
import { keyValues, parseDockerfile, type ParsedDockerfile, type ParsedInstruction } from './parse-dockerfile';
import { fixCommand, lintDockerfile } from './size-lint';
import type { StartResult } from './start-command';
import type { ChangeKind, DockerfileChange, NodeProject } from './types';

interface Line {
  text: string;
  changes: string[];
}

class Emitter {
  readonly lines: Line[] = [];
  readonly changes = new Map<string, DockerfileChange>();

  change(id: string, kind: ChangeKind, title: string, reason: string, original?: ParsedInstruction, bytes?: number): string {
    if (!this.changes.has(id)) {
      this.changes.set(id, {
        id,
        kind,
        title,
        reason,
        originalLine: original?.line,
        originalText: original?.text.split('\n')[0],
        leanLines: [],
        ...(bytes !== undefined ? { bytes } : {}),
      });
    }
    return id;
  }

  emit(text: string, ...changes: string[]): void {
    this.lines.push({ text, changes });
  }

  blank(): void {
    if (this.lines.length > 0 && this.lines[this.lines.length - 1]!.text !== '') this.lines.push({ text: '', changes: [] });
  }

  finish(): { dockerfile: string; changes: DockerfileChange[] } {
    let lineNo = 1;
    for (const line of this.lines) {
      for (const id of line.changes) this.changes.get(id)?.leanLines.push(lineNo);
      lineNo += line.text.split('\n').length;
    }
    return { dockerfile: `${this.lines.map((l) => l.text).join('\n').trimEnd()}\n`, changes: [...this.changes.values()] };
  }
}

const installPattern = /\b(npm\s+(ci|install|i|add)|yarn(\s+install)?|pnpm\s+(i|install|add))\b/;
const buildToolPackages = new Set([
  'build-essential', 'python3', 'python', 'python-is-python3', 'make', 'g++', 'gcc', 'git', 'libc6-dev', 'pkg-config', 'node-gyp', 'musl-dev', 'linux-headers',
  'ca-certificates', 'curl', 'wget',
]);

type RunClass = 'install' | 'build' | 'global-install' | 'os-build-tools' | 'os-packages' | 'other';

export function classifyRun(instruction: ParsedInstruction, project: NodeProject): RunClass {
  const text = instruction.json ? instruction.json.join(' ') : instruction.args;
  const global = /\bnpm\s+(install|i)\s+(-g|--global)\s+(.*)$/s.exec(text);
  if (global) {
    const tools = global[3]!.split(/&&|;/)[0]!.split(/\s+/).filter((w) => w && !w.startsWith('-'));
    // Installing the package manager itself is builder setup; the runtime never installs.
    return tools.every((t) => /^(pnpm|yarn|corepack)(@.*)?$/.test(t)) ? 'os-build-tools' : 'global-install';
  }
  if (/\byarn\s+global\s+add\b/.test(text)) return 'global-install';
  const build = project.buildScript;
  if (build && new RegExp(`\\b(npm\\s+run|yarn(\\s+run)?|pnpm(\\s+run)?)\\s+${build}\\b`).test(text)) return 'build';
  if (/\b(npx\s+)?tsc\b/.test(text) && project.buildScript) return 'build';
  if (installPattern.test(text) || /\bnpm\s+prune\b/.test(text)) return 'install';
  const os = /\b(apt-get|apt|apk|yum|dnf|microdnf)\s+(-\S+\s+)*(install|add)\s+(.*)$/s.exec(text);
  if (os) {
    const packages = os[4]!
      .split(/&&|;/)[0]!
      .split(/\s+/)
      .filter((w) => w && !w.startsWith('-'));
    return packages.length > 0 && packages.every((p) => buildToolPackages.has(p.replace(/[=<>].*$/, ''))) ? 'os-build-tools' : 'os-packages';
  }
  return 'other';
}

function isUnderWorkdir(dest: string, workdir: string): boolean {
  if (!dest.startsWith('/')) return true;
  const normal = path.posix.normalize(dest).replace(/\/$/, '') || '/';
  return normal === workdir || normal.startsWith(`${workdir}/`);
}

function isRootUser(user: string): boolean {
  const name = user.split(':')[0]!.trim();
  return name === 'root' || name === '0';
}

export interface RewriteInput {
  parsed: ParsedDockerfile;
  project: NodeProject;
  bases: BaseChoice;
  start: StartResult;
  buildkit?: boolean;
  /** Measured bytes of the devDependencies in a local node_modules, when there is one. */
  devDependencyBytes?: number;
  dockerfileName: string;
}

export function rewriteNodeDockerfile(input: RewriteInput): { dockerfile: string; changes: DockerfileChange[] } {
  const { parsed, project, bases, start } = input;
  const e = new Emitter();
  const final = parsed.stages[parsed.stages.length - 1]!;
  const builderStages = parsed.stages.slice(0, -1);
  const multiStage = builderStages.length > 0;
  const all = parsed.stages.flatMap((s) => s.instructions);
  const finalOf = (keyword: string) => final.instructions.filter((i) => i.keyword === keyword);
  const lastOf = (keyword: string) => finalOf(keyword).at(-1);

  // WORKDIR: the final stage's, resolved (relative WORKDIRs chain).
  let workdir = '';
  for (const instruction of finalOf('WORKDIR')) workdir = path.posix.resolve(workdir || '/', instruction.args.replace(/^"(.*)"$/, '$1'));
  const workdirLine = lastOf('WORKDIR');
  if (!workdir) {
    workdir = '/app';
    e.change('workdir', 'sources', 'App files go to /app', 'The original had no WORKDIR and copied into /; the app now lives in /app (relative paths in CMD work the same).', undefined);
  }
  const wd = workdir;

  // Directives and global ARGs first, as written.
  for (const [name, value] of Object.entries(parsed.directives)) {
    if (name === 'syntax' && !input.buildkit) continue;
    e.emit(`# ${name}=${value}`);
  }
  e.emit(`# Multi-stage rewrite of ${input.dockerfileName} by LayerLens: deps -> ${project.buildScript ? 'build' : 'source'} -> runtime.`);
  e.emit('# Each change and its reason is listed in the LayerLens report.');
  for (const arg of parsed.globalArgs) e.emit(arg.text);
  e.blank();

  const fromLine = multiStage ? builderStages[0]!.from : final.from;
  const stagesId = e.change(
    'stages',
    'stages',
    multiStage ? `Stages rebuilt: deps, ${project.buildScript ? 'build' : 'source'}, runtime` : `One stage split into deps, ${project.buildScript ? 'build' : 'source'} and runtime`,
    multiStage
      ? 'The final stage copied node_modules from a stage that installed every dependency (dev ones too); the new stages install production dependencies separately, so only they reach the image.'
      : 'A single stage ships everything it needed to build: compilers, the package manager cache, dev dependencies and sources. Separate stages keep all of that out of the final image.',
    fromLine,
  );
  const baseId = e.change('runtime-base', 'base-image', `Runtime base: ${bases.runtime}`, bases.runtimeReason, final.from);
  if (bases.noSmallerVariant) e.change('runtime-base-unknown', 'warning', 'Runtime base not made smaller', bases.runtimeReason, final.from);

  // Which original instructions the stages replace, and which are kept.
  const installRun = all.find((i) => i.keyword === 'RUN' && classifyRun(i, project) === 'install');
  const buildRun = all.find((i) => i.keyword === 'RUN' && classifyRun(i, project) === 'build');
  const manifestCopy = all.find((i) => i.keyword === 'COPY' && /\bpackage(-lock)?\.json\b|\bpackage\*\.json\b/.test(i.args) && !('from' in i.flags));
  const copyAll = all.find((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !('from' in i.flags) && /(^|\s)\.\/?(\s|$)/.test(i.args.split(/\s+/).slice(0, -1).join(' ') + ' '));

  const builderSetup: ParsedInstruction[] = [];
  const runtimeRuns: ParsedInstruction[] = [];
  const buildExtras: ParsedInstruction[] = [];
  for (const stage of parsed.stages) {
    const isFinal = stage === final;
    for (const instruction of stage.instructions.filter((i) => i.keyword === 'RUN')) {
      const kind = classifyRun(instruction, project);
      if (kind === 'install' || kind === 'build') continue;
      if (kind === 'os-build-tools') builderSetup.push(instruction);
      else if (kind === 'os-packages') {
        if (isFinal) runtimeRuns.push(instruction);
        else builderSetup.push(instruction);
      } else if (isFinal) runtimeRuns.push(instruction);
      else buildExtras.push(instruction);
    }
  }

  const needsMuslTools = bases.builderFacts.libc === 'musl' && project.nativeAddons.length > 0 && !builderSetup.some((i) => /\bapk\b/.test(i.args));

  // ENV/ARG of the original (all stages for a single stage; the final stage's for the runtime).
  const envs = all.filter((i) => i.keyword === 'ENV');
  const finalEnvs = finalOf('ENV');
  const finalArgs = finalOf('ARG');
  const setsNodeEnv = finalEnvs.some((i) => keyValues(i).some(([k]) => k === 'NODE_ENV'));

  // The package manager's files and commands.
  const manifests = ['package.json', ...(project.lockfile ? [project.lockfile] : []), ...project.managerFiles.filter((f) => !f.includes('/'))];
  const manifestDirs = project.managerFiles.filter((f) => f.includes('/'));
  const secretFiles = project.npmrc ? ['.npmrc'] : [];
  const omitDev = Number(project.nodeVersion ?? '18') >= 16 ? '--omit=dev' : '--production';
  const cacheMount = (target: string) => (input.buildkit ? `--mount=type=cache,target=${target} ` : '');
  const commands = (() => {
    switch (project.packageManager) {
      case 'pnpm':
        return {
          prod: `RUN ${cacheMount('/root/.local/share/pnpm/store')}corepack enable && pnpm install --frozen-lockfile --prod`,
          full: `RUN ${cacheMount('/root/.local/share/pnpm/store')}corepack enable && pnpm install --frozen-lockfile`,
          build: (s: string) => `RUN pnpm run ${s}`,
          prodText: 'pnpm install --prod',
        };
      case 'yarn-classic':
        return {
          prod: `RUN ${cacheMount('/usr/local/share/.cache/yarn')}yarn install --frozen-lockfile --production && yarn cache clean`,
          full: `RUN ${cacheMount('/usr/local/share/.cache/yarn')}yarn install --frozen-lockfile`,
          build: (s: string) => `RUN yarn run ${s}`,
          prodText: 'yarn install --production',
        };
      case 'yarn-berry':
        return {
          prod: 'RUN corepack enable && yarn workspaces focus --all --production && yarn cache clean --all',
          full: 'RUN corepack enable && yarn install --immutable',
          build: (s: string) => `RUN yarn run ${s}`,
          prodText: 'yarn workspaces focus --production',
        };
      default:
        return project.lockfile
          ? {
              prod: `RUN ${cacheMount('/root/.npm')}npm ci ${omitDev}`,
              full: `RUN ${cacheMount('/root/.npm')}npm ci`,
              build: (s: string) => `RUN npm run ${s}`,
              prodText: `npm ci ${omitDev}`,
            }
          : {
              prod: `RUN ${cacheMount('/root/.npm')}npm install ${omitDev}`,
              full: `RUN ${cacheMount('/root/.npm')}npm install`,
              build: (s: string) => `RUN npm run ${s}`,
              prodText: `npm install ${omitDev}`,
            };
    }
  })();

  const devList = project.devDependencies.length
    ? `${project.devDependencies.slice(0, 4).join(', ')}${project.devDependencies.length > 4 ? ` and ${project.devDependencies.length - 4} more` : ''}`
    : '';
  const depsId = e.change(
    'production-dependencies',
    'dependencies',
    'Production dependencies only',
    `${devList ? `devDependencies were shipped (${devList})` : 'every dependency the install resolved was shipped'}${
      input.devDependencyBytes ? `: ${formatBytes(input.devDependencyBytes)} in the local node_modules` : ''
    }. The deps stage runs ${commands.prodText} and the runtime copies only its node_modules; the package manager's cache stays in that stage.${
      project.lockfile ? '' : ' There is no lockfile: add one for reproducible installs (npm ci).'
    }`,
    installRun,
    input.devDependencyBytes,
  );
  const manifestsId = e.change(
    'manifests-first',
    'sources',
    'Manifests before sources',
    `Only ${manifests.join(', ')} are copied before the install, so a source change reuses the cached dependency layers.`,
    manifestCopy ?? copyAll,
  );
  const secretId = project.npmrc
    ? e.change(
        'npmrc-builder-only',
        'secrets',
        '.npmrc used in the builder stages only',
        `.npmrc${project.npmrcHasToken ? ' holds a registry token; it' : ''} is copied only into the stages that install and is removed from the sources the runtime copies, so it never reaches the final image.`,
        copyAll ?? manifestCopy,
      )
    : undefined;
  const setupId = builderSetup.length > 0 || needsMuslTools
    ? e.change(
        'builder-setup',
        'build',
        'System packages for the build stay in the builder',
        needsMuslTools
          ? 'Native addons are compiled on Alpine: python3, make and g++ are installed in the builder stages only.'
          : 'Build tools installed by the original are installed in the builder stages, not in the runtime image.',
        builderSetup[0],
      )
    : undefined;

  const setupLines = () => {
    if (needsMuslTools) e.emit('RUN apk add --no-cache python3 make g++', setupId!);
    for (const instruction of builderSetup) e.emit(instruction.text, setupId!);
  };
  const installPrefix = (full: boolean) => {
    e.emit(`WORKDIR ${wd}`);
    if (project.packageManager === 'yarn-berry') e.emit('ENV YARN_NODE_LINKER=node-modules', depsId);
    setupLines();
    e.emit(`COPY ${[...manifests, ...secretFiles].join(' ')} ./`, manifestsId, ...(secretId ? [secretId] : []));
    for (const dir of manifestDirs) e.emit(`COPY ${dir} ./${dir}`, manifestsId);
    for (const workspace of project.workspaces) e.emit(`COPY ${workspace}/package.json ./${workspace}/`, manifestsId);
    // Without production dependencies the install may create no node_modules, which COPY --from=deps needs.
    const prod = project.dependencies.length === 0 && project.workspaces.length === 0 ? `${commands.prod} && mkdir -p node_modules` : commands.prod;
    e.emit(full ? commands.full : prod, depsId);
  };

  // deps
  e.emit('# Production dependencies only', stagesId);
  e.emit(`FROM ${bases.builder} AS deps`, stagesId);
  for (const arg of finalArgs) e.emit(arg.text);
  installPrefix(false);
  e.blank();

  // build, or source
  const buildId = project.buildScript
    ? e.change(
        'build-stage',
        'build',
        `Build in its own stage (${project.buildScript})`,
        `The "${project.buildScript}" script (${project.buildCommand}) runs with the full dependencies in the build stage; the runtime copies only its output ${project.buildOutput}/.`,
        buildRun,
      )
    : undefined;
  const sourcesId = e.change(
    'sources',
    'sources',
    project.buildScript ? 'Runtime gets the build output, not the sources' : 'Sources copied without secrets or node_modules',
    project.buildScript
      ? `The original shipped the whole context (sources, tests, configs); the runtime now gets ${project.buildOutput}/${start.entryFile && !start.entryFile.startsWith(`${project.buildOutput}/`) ? `, ${start.entryFile}` : ''} and package.json. If the app reads other files at runtime, add them to the runtime stage.`
      : `The sources are copied after the dependencies (code changes reuse the dependency layers), from a stage that drops node_modules${project.npmrc ? ' and .npmrc' : ''}.`,
    copyAll,
  );
  if (project.buildScript) {
    e.emit('# Full dependencies and the build', buildId!);
    e.emit(`FROM ${bases.builder} AS build`, buildId!);
    for (const arg of finalArgs) e.emit(arg.text);
    for (const env of multiStage ? [] : envs) e.emit(env.text);
    installPrefix(true);
    e.emit('COPY . .', sourcesId);
    e.emit(commands.build(project.buildScript), buildId!);
    for (const extra of buildExtras) e.emit(extra.text, buildId!);
  } else {
    e.emit('# The sources, without node_modules and secrets', sourcesId);
    e.emit(`FROM ${bases.builder} AS source`, sourcesId);
    e.emit(`WORKDIR ${wd}`);
    e.emit('COPY . .', sourcesId);
    e.emit(`RUN rm -rf node_modules${project.npmrc ? ' .npmrc' : ''}`, sourcesId, ...(secretId ? [secretId] : []));
    if (buildExtras.length > 0) {
      const id = e.change('builder-extras', 'kept', 'Builder-stage commands kept', 'Commands from the original builder stage run on the sources before they are copied.', buildExtras[0]);
      for (const extra of buildExtras) e.emit(extra.text, id);
    }
  }
  e.blank();

  // runtime
  e.emit('# Runtime', stagesId);
  e.emit(`FROM ${bases.runtime}`, baseId);
  for (const label of finalOf('LABEL')) e.emit(label.text);
  for (const maintainer of finalOf('MAINTAINER')) e.emit(`LABEL maintainer=${JSON.stringify(maintainer.args)}`);
  for (const arg of finalArgs) e.emit(arg.text);
  for (const shell of finalOf('SHELL')) e.emit(shell.text);
  e.emit(`WORKDIR ${wd}`, ...(workdirLine ? [] : ['workdir']));
  if (!setsNodeEnv) {
    const id = e.change('node-env', 'env', 'NODE_ENV=production', 'Express and many libraries switch off debug paths and enable caching with NODE_ENV=production; npm skips devDependencies with it.');
    e.emit('ENV NODE_ENV=production', id);
  }
  for (const env of multiStage ? finalEnvs : envs) e.emit(env.text);

  // Non-root user.
  const originalUser = lastOf('USER');
  const keepUser = originalUser && !isRootUser(originalUser.args);
  let userLine: string;
  let userId: string;
  if (keepUser) {
    userLine = originalUser.text;
    userId = e.change('user', 'kept', `USER ${originalUser.args} kept`, 'The original already runs as a non-root user.', originalUser);
  } else {
    const facts = bases.runtimeFacts;
    let create: string | undefined;
    let name = 'app';
    if (facts.nodeUser) name = 'node';
    else if (facts.shell === false || facts.userTool === 'none') name = '10001:10001';
    else if (facts.userTool === 'useradd') {
      create = 'RUN groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --no-log-init --shell /usr/sbin/nologin app';
    } else if (facts.userTool === 'adduser') create = 'RUN addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app';
    else {
      create = [
        'RUN if command -v useradd >/dev/null 2>&1; \\',
        '    then groupadd --system --gid 10001 app && useradd --system --uid 10001 --gid app --no-create-home --no-log-init app; \\',
        '    else addgroup -S -g 10001 app && adduser -S -D -H -u 10001 -G app app; fi',
      ].join('\n');
    }
    userId = e.change(
      'user',
      'user',
      `Runs as ${name === 'node' ? 'the node user' : name.includes(':') ? 'UID 10001' : 'a new "app" user'}`,
      `${originalUser ? `USER ${originalUser.args} is root` : 'The original ran as root'}: a compromised app could change its own files and everything else in the container. ${
        name === 'node' ? `${bases.runtime} has a node user.` : name.includes(':') ? `${bases.runtime} has no shell to create a user, so a numeric UID is used.` : `${bases.runtime} has no node user, so one is created (UID 10001).`
      } The app files stay owned by root, so the app cannot rewrite them.`,
      originalUser,
    );
    if (create) e.emit(create, userId);
    userLine = `USER ${name}`;
  }

  const keepRuntimeRun = (instruction: ParsedInstruction) => {
    const kind = classifyRun(instruction, project);
    const id = e.change(
      `kept-${instruction.line}`,
      kind === 'global-install' ? 'warning' : 'kept',
      'Command kept in the runtime',
      kind === 'global-install'
        ? 'A global npm install needs npm in the runtime base; check that the runtime base has it, or install the tool as a dependency.'
        : 'LayerLens cannot tell whether the app needs this at runtime, so it is kept (before USER, as root).',
      instruction,
    );
    const findings = lintDockerfile(parseDockerfile(`FROM scratch\n${instruction.text}\n`)).filter((f) => f.fixedText && f.line === 2);
    if (findings.length > 0) {
      const fixed = findings.reduce((command, finding) => fixCommand(finding.rule, command), instruction.args);
      const lintId = e.change(`lint-${instruction.line}`, 'kept', 'Package install made smaller', findings.map((f) => `${f.message}: ${f.fix}`).join('; '), instruction);
      e.emit(`RUN ${fixed.split(/\s*&&\s*/).join(' \\\n    && ')}`, id, lintId);
    } else e.emit(instruction.text, id);
  };
  for (const instruction of runtimeRuns.filter((i) => classifyRun(i, project) === 'os-packages')) keepRuntimeRun(instruction);
  e.emit(`COPY --from=deps ${wd}/node_modules ./node_modules`, depsId);
  if (project.buildScript) {
    const out = project.buildOutput ?? 'dist';
    e.emit(`COPY --from=build ${wd}/package.json ./package.json`, sourcesId);
    e.emit(`COPY --from=build ${wd}/${out} ./${out}`, buildId!, sourcesId);
    if (start.entryFile && !start.entryFile.startsWith(`${out}/`) && !start.entryFile.startsWith('/')) {
      e.emit(`COPY --from=build ${wd}/${start.entryFile} ./${start.entryFile}`, sourcesId);
    }
  } else {
    e.emit(`COPY --from=source ${wd} ./`, sourcesId);
  }

  // COPY/ADD of the original that go elsewhere than the app dir are kept as written.
  for (const instruction of final.instructions.filter((i) => (i.keyword === 'COPY' || i.keyword === 'ADD') && !('from' in i.flags))) {
    const dest = instruction.args.split(/\s+/).at(-1) ?? '.';
    if (isUnderWorkdir(dest.replace(/^"(.*)"$/, '$1'), wd)) continue;
    const id = e.change(`kept-${instruction.line}`, 'kept', 'File copy kept', `${instruction.keyword} to ${dest} is outside the app directory and is kept as written.`, instruction);
    e.emit(instruction.text, id);
  }
  for (const instruction of runtimeRuns.filter((i) => classifyRun(i, project) !== 'os-packages')) keepRuntimeRun(instruction);
  e.emit(userLine, userId);
  for (const keyword of ['EXPOSE', 'VOLUME', 'STOPSIGNAL', 'ONBUILD']) for (const instruction of finalOf(keyword)) e.emit(instruction.text);
  const healthcheck = lastOf('HEALTHCHECK');
  if (healthcheck) {
    const tool = /\b(curl|wget)\b/.exec(healthcheck.args)?.[1];
    const id = tool && bases.runtime !== bases.builder
      ? e.change('healthcheck-tool', 'warning', `HEALTHCHECK uses ${tool}`, `Make sure ${bases.runtime} has ${tool} (slim and Alpine images may not); a node one-liner needs nothing extra.`, healthcheck)
      : undefined;
    e.emit(healthcheck.text, ...(id ? [id] : []));
  }

  const cmd = lastOf('CMD');
  const entrypoint = lastOf('ENTRYPOINT');
  if (start.entrypointLine) {
    const changed = entrypoint && start.entrypointLine !== `ENTRYPOINT ${entrypoint.args}` && !entrypoint.json;
    const id = changed ? e.change('entrypoint', 'command', 'ENTRYPOINT in exec form', start.notes[0] ?? 'Exec form runs the process as PID 1, so it receives SIGTERM from docker stop.', entrypoint) : undefined;
    e.emit(start.entrypointLine, ...(id ? [id] : []));
  }
  if (start.cmdLine) {
    const unchanged = cmd?.json && start.resolution === 'kept';
    const reason =
      start.resolution === 'npm-script'
        ? `${start.original?.join(' ')} runs the script ${start.script}: the runtime runs that directly. npm is not needed in the image, and node as PID 1 gets SIGTERM on docker stop (npm does not forward it reliably).`
        : start.resolution === 'exec-form'
          ? 'Shell form runs the app under /bin/sh, which does not forward SIGTERM: docker stop waits 10 s and kills it. Exec form runs it as PID 1.'
          : start.notes.join('; ') || 'Kept.';
    const id = unchanged ? undefined : e.change('command', start.resolution === 'shell-wrapped' ? 'warning' : 'command', start.resolution === 'npm-script' ? 'npm script resolved to its command' : 'CMD in exec form', reason, cmd);
    e.emit(start.cmdLine, ...(id ? [id] : []));
  }
  return e.finish();
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(1)} GB`;
  if (bytes >= 1e6) return `${Math.round(bytes / 1e6)} MB`;
  if (bytes >= 1e3) return `${Math.round(bytes / 1e3)} kB`;
  return `${bytes} B`;
}

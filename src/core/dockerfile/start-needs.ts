/**
 * What the image's start command needs at run time: the package manager it goes through (`npm start`),
 * the script that runs, the executables it calls and which packages provide them (a dependency, a
 * devDependency, a global install), the files it runs (`node dist/main.js`) and the modules it preloads
 * (`node -r dotenv/config`). Read from ENTRYPOINT, CMD and HEALTHCHECK, from package.json's scripts, and
 * from the entrypoint scripts the Dockerfile copies in. The command itself is never changed here.
 */
import path from 'node:path';
import { splitCommands } from './run-commands';
import { simpleShellWords } from './shell-words';
import type { ParsedInstruction } from './parse-dockerfile';

export type BinSource = 'dependency' | 'devDependency' | 'global' | 'system';

export interface BinUse {
  bin: string;
  /** The package that provides it, when it is one. */
  pkg?: string;
  source: BinSource;
  /** Where it is called from ("CMD", "the start script", "docker-entrypoint.sh"). */
  from: string;
}

export interface StartNeeds {
  /** ENTRYPOINT and CMD as exec-form words (shell form as /bin/sh -c), null when the image inherits them. */
  entrypoint: string[] | null;
  cmd: string[] | null;
  /** The package manager the start goes through (`npm start`, `yarn dev`, `npx x`). */
  packageManager?: 'npm' | 'yarn' | 'pnpm' | 'npx';
  /** The script it runs. */
  script?: { name: string; command: string; hooks: string[] };
  /** The script's command as words, when it can run without the package manager. */
  direct?: string[];
  bins: BinUse[];
  /** Files the command runs, as written (relative to WORKDIR or absolute). */
  entryFiles: string[];
  /** Packages preloaded with `node -r x` / `--require x` / `--import x`. */
  preloads: string[];
}

export interface ProjectPackages {
  scripts: Record<string, string>;
  dependencies: string[];
  devDependencies: string[];
  /** Packages installed globally by the Dockerfile (`npm i -g x`). */
  globals: string[];
}

/** Executables whose package has another name. */
const binPackages: Record<string, string> = {
  tsc: 'typescript',
  nest: '@nestjs/cli',
  'pm2-runtime': 'pm2',
  'pm2-docker': 'pm2',
  'ts-node-dev': 'ts-node-dev',
  tsnd: 'ts-node-dev',
  nuxi: 'nuxi',
  'react-scripts': 'react-scripts',
  'vue-cli-service': '@vue/cli-service',
  'http-server': 'http-server',
  'babel-node': '@babel/node',
  prisma: 'prisma',
  ng: '@angular/cli',
  sls: 'serverless',
  strapi: '@strapi/strapi',
};

const systemBins = new Set([
  'node',
  'sh',
  'bash',
  'exec',
  'env',
  'echo',
  'cd',
  'test',
  '[',
  'sleep',
  'cat',
  'tini',
  'dumb-init',
  'su-exec',
  'gosu',
  'true',
  'set',
  'export',
  'wait',
  'trap',
  'curl',
  'wget',
  'nginx',
  'printf',
  'mkdir',
  'cp',
  'mv',
  'rm',
  'ls',
  'chmod',
  'chown',
  'if',
  'then',
  'fi',
  'else',
  'exit',
]);
const managers = new Set(['npm', 'yarn', 'pnpm']);

/** The script an `npm start` / `npm run x` / `yarn x` / `pnpm run x` command runs, and extra args. */
export function scriptInvocation(words: string[]): { script: string; extra: string[] } | null {
  const [tool, first, second, ...rest] = words;
  if (!tool || !managers.has(tool) || !first) return null;
  const strip = (w: (string | undefined)[]) => {
    const list = w.filter((x): x is string => x !== undefined);
    return list[0] === '--' ? list.slice(1) : list;
  };
  if (first === 'start' || first === 'test') return { script: first, extra: strip([second, ...rest]) };
  if (first === 'run' || first === 'run-script') return second ? { script: second, extra: strip(rest) } : null;
  if (tool !== 'npm' && !first.startsWith('-') && !['install', 'exec', 'dlx', 'add'].includes(first))
    return { script: first, extra: strip([second, ...rest]) };
  return null;
}

function execWords(instruction: ParsedInstruction | undefined): string[] | null {
  if (!instruction) return null;
  return instruction.json ?? ['/bin/sh', '-c', instruction.args];
}

/** A bare module specifier's package ("dotenv/config" -> "dotenv", "@a/b/c" -> "@a/b"). */
export function packageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}

/** A global install wins: a CMD finds it on the PATH, and a script falls back to it once a local copy is pruned. */
function sourceOf(pkg: string | undefined, bin: string, packages: ProjectPackages): BinSource {
  if ((pkg && packages.globals.includes(pkg)) || packages.globals.includes(bin)) return 'global';
  if (pkg && packages.dependencies.includes(pkg)) return 'dependency';
  if (pkg && packages.devDependencies.includes(pkg)) return 'devDependency';
  return 'system';
}

class NeedsCollector {
  readonly bins: BinUse[] = [];
  readonly entryFiles: string[] = [];
  readonly preloads: string[] = [];
  private readonly seenScripts = new Set<string>();

  constructor(
    private readonly packages: ProjectPackages,
    private readonly readScript: (file: string) => string | null,
  ) {}

  /** One command line, as /bin/sh would split it. */
  line(text: string, from: string): void {
    for (const words of splitCommands(text)) this.words(words, from);
  }

  words(input: string[], from: string): void {
    let words = input;
    while (
      words.length > 1 &&
      (/^[A-Za-z_][A-Za-z0-9_]*=/.test(words[0]!) || ['exec', 'env', 'tini', 'dumb-init', '--', 'su-exec', 'gosu'].includes(words[0]!))
    ) {
      words = words[0] === 'su-exec' || words[0] === 'gosu' ? words.slice(2) : words.slice(1);
    }
    const [head, ...rest] = words;
    // A variable (`exec "$@"`) or a shell keyword names no executable LayerLens can know.
    if (!head || head.startsWith('$') || /^[{}!]$|^\[\[?$/.test(head)) return;
    if ((head === 'sh' || head === 'bash' || head === '/bin/sh' || head === '/bin/bash') && rest[0] === '-c' && rest[1]) {
      this.line(rest[1], from);
      return;
    }
    if (/\.(sh|bash)$/.test(head) || ((head === 'sh' || head === 'bash') && rest[0] && /\.(sh|bash)$/.test(rest[0]))) {
      const file = /\.(sh|bash)$/.test(head) ? head : rest[0]!;
      this.entryFiles.push(file);
      const text = this.readScript(file);
      if (text !== null) this.line(text, path.posix.basename(file));
      return;
    }
    const bin = path.posix.basename(head);
    if (managers.has(bin)) {
      const invocation = scriptInvocation([bin, ...rest]);
      const script = invocation ? this.packages.scripts[invocation.script] : undefined;
      if (invocation && script !== undefined && !this.seenScripts.has(invocation.script)) {
        this.seenScripts.add(invocation.script);
        for (const hook of [`pre${invocation.script}`, `post${invocation.script}`]) {
          if (this.packages.scripts[hook]) this.line(this.packages.scripts[hook]!, `the ${hook} script`);
        }
        this.line(script, `the ${invocation.script} script`);
      }
      return;
    }
    if (bin === 'npx' || (bin === 'pnpm' && rest[0] === 'exec') || (bin === 'yarn' && rest[0] === 'exec')) {
      const args = (bin === 'npx' ? rest : rest.slice(1)).filter((w) => !w.startsWith('-'));
      if (args[0]) this.words(args, from);
      return;
    }
    if (bin === 'node' || bin === 'nodejs') {
      for (let i = 0; i < rest.length; i++) {
        const w = rest[i]!;
        if (w === '-r' || w === '--require' || w === '--import' || w === '--loader') {
          const pkg = packageOf(rest[i + 1] ?? '');
          if (pkg) this.preloads.push(pkg);
          i++;
        } else if (w.startsWith('--require=') || w.startsWith('--import=')) {
          const pkg = packageOf(w.slice(w.indexOf('=') + 1));
          if (pkg) this.preloads.push(pkg);
        } else if (!w.startsWith('-')) {
          this.entryFiles.push(w);
          break;
        }
      }
      return;
    }
    if (systemBins.has(bin)) return;
    const pkg = binPackages[bin] ?? bin;
    this.bins.push({ bin, pkg, source: sourceOf(pkg, bin, this.packages), from });
    // `ts-node src/x.ts`, `nodemon server.js`: the file they run.
    const file = rest.find((w) => !w.startsWith('-') && /\.(m?[jt]s|cjs)$/.test(w));
    if (file) this.entryFiles.push(file);
  }
}

export function startNeeds(options: {
  entrypoint?: ParsedInstruction;
  cmd?: ParsedInstruction;
  healthcheck?: ParsedInstruction;
  packages: ProjectPackages;
  /** The text of a script the start runs (an entrypoint.sh copied from the context), or null. */
  readScript?: (file: string) => string | null;
}): StartNeeds {
  const collector = new NeedsCollector(options.packages, options.readScript ?? (() => null));
  const entrypoint = execWords(options.entrypoint);
  const cmd = execWords(options.cmd);
  const command = [...(entrypoint ?? []), ...(cmd ?? [])];
  collector.words(command, options.cmd ? 'CMD' : 'ENTRYPOINT');
  const health = options.healthcheck?.args.replace(/^(--\S+\s+)*CMD(-SHELL)?\s+/i, '');
  if (health && !/^NONE$/i.test(health)) {
    const words = health.trim().startsWith('[') ? (JSON.parse(health) as string[]) : ['/bin/sh', '-c', health];
    collector.words(words[0] === 'CMD-SHELL' ? ['/bin/sh', '-c', words.slice(1).join(' ')] : words, 'HEALTHCHECK');
  }

  const needs: StartNeeds = { entrypoint, cmd, bins: collector.bins, entryFiles: collector.entryFiles, preloads: collector.preloads };
  const start = command[0] === '/bin/sh' && command[1] === '-c' ? simpleShellWords(command[2] ?? '') : command;
  const head = start?.[0] ? path.posix.basename(start[0]) : undefined;
  if (head === 'npx') needs.packageManager = 'npx';
  else if (head && managers.has(head)) {
    needs.packageManager = head as 'npm' | 'yarn' | 'pnpm';
    const invocation = scriptInvocation([head, ...start!.slice(1)]);
    const script = invocation ? options.packages.scripts[invocation.script] : undefined;
    if (invocation && script !== undefined) {
      const hooks = ['pre', 'post'].map((p) => `${p}${invocation.script}`).filter((h) => options.packages.scripts[h] !== undefined);
      needs.script = { name: invocation.script, command: script, hooks };
      const words = simpleShellWords(script);
      if (words && hooks.length === 0) needs.direct = [...words, ...invocation.extra];
    }
  }
  return needs;
}

/** Packages the start needs from node_modules: the bins it calls and the modules it preloads. */
export function startPackages(needs: StartNeeds): string[] {
  return [...new Set([...needs.bins.filter((b) => b.source !== 'system' && b.pkg).map((b) => b.pkg!), ...needs.preloads])];
}

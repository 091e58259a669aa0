/**
 * Dockerfile parsing on top of dockerfile-ast: instructions with their lines, flags and exec-form JSON,
 * grouped into stages, with ARG substitution for FROM. dockerfile-ast is lenient, so the checks the
 * builder makes before running anything (unknown instruction, missing arguments, no FROM) are made here
 * and reported as INVALID_DOCKERFILE with a 1-based line and column.
 */
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { LayerLensError } from '../../shared/errors';

export interface ParsedInstruction {
  keyword: string;
  /** 1-based first line and column of the instruction. */
  line: number;
  column: number;
  endLine: number;
  /** The instruction as written (continuation lines included). */
  text: string;
  /** The arguments without flags, continuation lines joined. */
  args: string;
  flags: Record<string, string | null>;
  /** The exec form's strings when the arguments are a JSON array; null for shell form. */
  json: string[] | null;
  /** Index of the stage it belongs to; -1 for ARGs before the first FROM. */
  stage: number;
}

export interface ParsedStage {
  index: number;
  name?: string;
  /** The image as written (may hold ${VARS}). */
  image: string;
  /** The image with global ARGs substituted. */
  resolvedImage: string;
  from: ParsedInstruction;
  instructions: ParsedInstruction[];
}

export interface ParsedDockerfile {
  text: string;
  directives: Record<string, string>;
  globalArgs: ParsedInstruction[];
  stages: ParsedStage[];
  instructions: ParsedInstruction[];
}

export const knownKeywords = new Set([
  'ADD',
  'ARG',
  'CMD',
  'COPY',
  'ENTRYPOINT',
  'ENV',
  'EXPOSE',
  'FROM',
  'HEALTHCHECK',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
]);

/** A Dockerfile syntax error: INVALID_DOCKERFILE with the position (1-based) in `line`/`column`. */
export class DockerfileSyntaxError extends LayerLensError {
  constructor(
    readonly line: number,
    readonly column: number,
    problem: string,
    file = 'Dockerfile',
  ) {
    super('INVALID_DOCKERFILE', `${file}:${line}:${column}: ${problem}`, `line ${line}, column ${column}`);
  }
}

function flagsOf(instruction: Instruction): Record<string, string | null> {
  const withFlags = instruction as Instruction & { getFlags?: () => { getName(): string; getValue(): string | null }[] };
  const flags: Record<string, string | null> = {};
  for (const flag of withFlags.getFlags?.() ?? []) flags[flag.getName()] = flag.getValue();
  return flags;
}

function execForm(args: string): string[] | null {
  const trimmed = args.trim();
  if (!trimmed.startsWith('[')) return null;
  try {
    const value: unknown = JSON.parse(trimmed);
    return Array.isArray(value) && value.every((v) => typeof v === 'string') ? (value as string[]) : null;
  } catch {
    return null; // like Docker: an invalid JSON array is run as shell form
  }
}

/** `${VAR}`, `$VAR`, `${VAR:-default}`, `${VAR:+alt}` with the given values. */
export function substitute(text: string, values: Record<string, string | undefined>): string {
  return text.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?::([-+])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced, op, word, bare) => {
    const name = (braced ?? bare) as string;
    const value = values[name];
    if (op === '-') return value ? value : (word as string);
    if (op === '+') return value ? (word as string) : '';
    return value ?? '';
  });
}

const needsArguments = new Set([
  'ADD',
  'ARG',
  'COPY',
  'ENV',
  'EXPOSE',
  'FROM',
  'LABEL',
  'MAINTAINER',
  'ONBUILD',
  'RUN',
  'SHELL',
  'STOPSIGNAL',
  'USER',
  'VOLUME',
  'WORKDIR',
  'CMD',
  'ENTRYPOINT',
  'HEALTHCHECK',
]);

export function parseDockerfile(text: string, options: { file?: string; buildArgs?: Record<string, string> } = {}): ParsedDockerfile {
  const file = options.file ?? 'Dockerfile';
  const document = DockerfileParser.parse(text);
  const directives: Record<string, string> = {};
  for (const directive of document.getDirectives()) {
    const name = directive.getName();
    const value = directive.getValue();
    if (name && value !== null) directives[name.toLowerCase()] = value;
  }
  const lines = text.split(/\r?\n/);
  const instructions: ParsedInstruction[] = [];
  const stages: ParsedStage[] = [];
  const globalArgs: ParsedInstruction[] = [];
  const argValues: Record<string, string | undefined> = {};

  for (const node of document.getInstructions()) {
    const range = node.getRange();
    const keywordRange = node.getInstructionRange();
    const keyword = node.getKeyword().toUpperCase();
    const line = range.start.line + 1;
    const column = keywordRange.start.character + 1;
    if (!knownKeywords.has(keyword)) {
      throw new DockerfileSyntaxError(line, column, `unknown instruction "${node.getInstruction()}"`, file);
    }
    const args = (node.getArgumentsContent() ?? '').trim();
    if (needsArguments.has(keyword) && args === '') {
      throw new DockerfileSyntaxError(line, keywordRange.end.character + 1, `${keyword} requires at least one argument`, file);
    }
    const rawText = lines.slice(range.start.line, range.end.line + 1).join('\n');
    const parsed: ParsedInstruction = {
      keyword,
      line,
      column,
      endLine: range.end.line + 1,
      text: rawText.trim(),
      args,
      flags: flagsOf(node),
      json: keyword === 'CMD' || keyword === 'ENTRYPOINT' || keyword === 'RUN' || keyword === 'SHELL' || keyword === 'VOLUME' ? execForm(args) : null,
      stage: stages.length - 1,
    };
    if (keyword === 'FROM') {
      const words = args.split(/\s+/);
      const image = words[0] ?? '';
      const asIndex = words.findIndex((w) => w.toLowerCase() === 'as');
      if (asIndex !== -1 && !words[asIndex + 1]) {
        throw new DockerfileSyntaxError(line, column, 'FROM … AS needs a stage name', file);
      }
      parsed.stage = stages.length;
      stages.push({
        index: stages.length,
        name: asIndex !== -1 ? words[asIndex + 1]?.toLowerCase() : undefined,
        image,
        resolvedImage: substitute(image, { ...argValues, ...options.buildArgs }),
        from: parsed,
        instructions: [],
      });
    } else if (stages.length === 0) {
      if (keyword !== 'ARG') {
        throw new DockerfileSyntaxError(line, column, `${keyword} before the first FROM (only ARG may come first)`, file);
      }
      globalArgs.push(parsed);
      for (const word of args.split(/\s+/)) {
        const eq = word.indexOf('=');
        const name = eq === -1 ? word : word.slice(0, eq);
        argValues[name] = eq === -1 ? undefined : word.slice(eq + 1).replace(/^"(.*)"$/, '$1');
      }
    }
    if (stages.length > 0) stages[stages.length - 1]!.instructions.push(parsed);
    instructions.push(parsed);
  }
  if (stages.length === 0) {
    const first = lines.findIndex((l) => l.trim() !== '' && !l.trim().startsWith('#'));
    throw new DockerfileSyntaxError(first === -1 ? 1 : first + 1, 1, 'no FROM instruction', file);
  }
  return { text, directives, globalArgs, stages, instructions };
}

/** ENV/LABEL/ARG key=value pairs (legacy `ENV key value` too), quotes removed. */
export function keyValues(instruction: ParsedInstruction): [string, string | undefined][] {
  const args = instruction.args;
  if (instruction.keyword === 'ENV' && !/^[^\s=]+=/.test(args)) {
    const match = /^(\S+)\s+(.*)$/s.exec(args);
    return match ? [[match[1]!, match[2]!]] : [[args, undefined]];
  }
  const pairs: [string, string | undefined][] = [];
  const pattern = /([^\s=]+)(?:=("(?:[^"\\]|\\.)*"|'[^']*'|\S*))?/g;
  for (const m of args.matchAll(pattern)) {
    const raw = m[2];
    const value =
      raw === undefined
        ? undefined
        : raw
            .replace(/^"(.*)"$/s, '$1')
            .replace(/^'(.*)'$/s, '$1')
            .replace(/\\(.)/g, '$1');
    pairs.push([m[1]!, value]);
  }
  return pairs;
}

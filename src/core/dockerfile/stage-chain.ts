/**
 * What the image a Dockerfile builds is made of: its final stage (the last one, or a chosen target), the
 * stages that stage is built FROM (inheritance), and, walking them in order, the state Docker keeps while
 * it builds: WORKDIR, USER, ENV and ARG values, where each COPY/ADD puts its files, and the instructions
 * that make the image's config. Plain facts; the rewrite decides what to do with them.
 */
import path from 'node:path';
import { LayerLensError } from '../../shared/errors';
import { keyValues, substitute, type ParsedDockerfile, type ParsedInstruction, type ParsedStage } from './parse-dockerfile';

export interface CopyInto {
  instruction: ParsedInstruction;
  /** Sources as written (context paths, or paths in `fromStage`); ["<<heredoc>"] for a heredoc. */
  sources: string[];
  /** The destination, absolute, resolved against the WORKDIR of the moment. */
  dest: string;
  /** The destination names a folder (ends in "/" or takes several sources). */
  destIsDir: boolean;
  /** --from=<stage or image>, when the files come from elsewhere than the context. */
  fromStage?: string;
  chown?: string;
}

export interface StageChain {
  /** The stage whose result is the image. */
  final: ParsedStage;
  /** The final stage and those it is built FROM, the root first. */
  stages: ParsedStage[];
  /** The external image at the root of the chain, as written and with ARGs substituted. */
  baseImage: string;
  resolvedBaseImage: string;
  /** The chain's instructions in build order. */
  instructions: ParsedInstruction[];
  /** WORKDIR at the end ("/" when never set). */
  workdir: string;
  /** The last USER of the chain (raw), if any. */
  user?: ParsedInstruction;
  copies: CopyInto[];
  /** ARG values (defaults) and ENV values as the chain sets them, for substitution. */
  values: Record<string, string | undefined>;
  /** ARG names declared in the chain (inside its stages). */
  args: ParsedInstruction[];
  /** The WORKDIR each instruction of the chain runs in. */
  workdirAt: Map<ParsedInstruction, string>;
}

const unquote = (text: string): string => text.replace(/^"(.*)"$/s, '$1').replace(/^'(.*)'$/s, '$1');

/** COPY/ADD sources and destination; JSON form, plain words, or a heredoc (`COPY <<EOF dest`). */
export function copyOperands(instruction: ParsedInstruction): { sources: string[]; dest: string } | null {
  const firstLine = instruction.args.split('\n')[0]!.trim();
  let words: string[];
  if (firstLine.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(instruction.args.trim());
      words = Array.isArray(parsed) ? parsed.map(String) : [];
    } catch {
      words = firstLine.split(/\s+/);
    }
  } else words = firstLine.split(/\s+/).map(unquote);
  if (words.length < 2) return null;
  const dest = words[words.length - 1]!;
  const sources = words.slice(0, -1).map((w) => (/^<<-?["']?[A-Za-z_]/.test(w) ? '<<heredoc>' : w));
  return { sources, dest };
}

function stageByNameOrIndex(parsed: ParsedDockerfile, ref: string, before: number): ParsedStage | undefined {
  const lower = ref.toLowerCase();
  const named = parsed.stages.find((s, i) => i < before && s.name === lower);
  if (named) return named;
  if (/^\d+$/.test(ref) && Number(ref) < before) return parsed.stages[Number(ref)];
  return undefined;
}

/** The stage `docker build` makes into the image: the last one, or `target`. */
export function finalStage(parsed: ParsedDockerfile, target?: string): ParsedStage {
  if (!target) return parsed.stages[parsed.stages.length - 1]!;
  const stage = stageByNameOrIndex(parsed, target, parsed.stages.length);
  if (!stage) {
    const names = parsed.stages.map((s) => s.name).filter(Boolean);
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `There is no stage "${target}" in the Dockerfile${names.length ? ` (stages: ${names.join(', ')})` : ''}.`,
    );
  }
  return stage;
}

/** The stage a FROM inherits from, when its image names an earlier stage. */
export function parentStage(parsed: ParsedDockerfile, stage: ParsedStage): ParsedStage | undefined {
  return stageByNameOrIndex(parsed, stage.image, stage.index);
}

/**
 * A path after build arguments were filled in: it is written into Dockerfile.lean, so a line break or a
 * control character (a hostile --build-arg) would add instructions there. Refused, naming the line.
 */
function writablePath(text: string, instruction: ParsedInstruction): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  if (/[\u0000-\u001f\u007f\u2028\u2029]/.test(text)) {
    throw new LayerLensError(
      'INVALID_ARGUMENT',
      `${instruction.keyword} on line ${instruction.line} expands to a path with a line break or control character (from a build argument); LayerLens does not write it into Dockerfile.lean.`,
    );
  }
  return text;
}

export function stageChain(parsed: ParsedDockerfile, buildArgs: Record<string, string> = {}, target?: string): StageChain {
  const final = finalStage(parsed, target);
  const stages: ParsedStage[] = [final];
  for (let parent = parentStage(parsed, final); parent; parent = parentStage(parsed, parent)) stages.unshift(parent);
  const root = stages[0]!;

  // Global ARGs give values to FROM lines only, unless re-declared inside a stage (Docker's scoping).
  const globalValues: Record<string, string | undefined> = {};
  for (const arg of parsed.globalArgs) for (const [k, v] of keyValues(arg)) globalValues[k] = v;
  const values: Record<string, string | undefined> = {};
  const instructions = stages.flatMap((s) => s.instructions.filter((i) => i.keyword !== 'FROM'));
  const copies: CopyInto[] = [];
  const args: ParsedInstruction[] = [];
  let workdir = '/';
  let user: ParsedInstruction | undefined;
  const workdirAt = new Map<ParsedInstruction, string>();
  for (const instruction of instructions) {
    workdirAt.set(instruction, workdir);
    const expand = (text: string) => substitute(text, { ...values });
    switch (instruction.keyword) {
      case 'ARG':
        args.push(instruction);
        for (const [k, v] of keyValues(instruction)) values[k] = buildArgs[k] ?? v ?? globalValues[k];
        break;
      case 'ENV':
        for (const [k, v] of keyValues(instruction)) values[k] = v === undefined ? undefined : expand(v);
        break;
      case 'WORKDIR':
        workdir = path.posix.resolve(workdir, writablePath(expand(unquote(instruction.args)), instruction));
        break;
      case 'USER':
        user = instruction;
        break;
      case 'COPY':
      case 'ADD': {
        const operands = copyOperands(instruction);
        if (!operands) break;
        const raw = writablePath(expand(operands.dest), instruction);
        const dest = path.posix.resolve(workdir, raw);
        copies.push({
          instruction,
          sources: operands.sources,
          dest,
          destIsDir: raw.endsWith('/') || raw === '.' || operands.sources.length > 1 || operands.sources.some((s) => /[*?[]/.test(s)),
          ...(instruction.flags.from ? { fromStage: instruction.flags.from } : {}),
          ...(instruction.flags.chown ? { chown: instruction.flags.chown } : {}),
        });
        break;
      }
    }
  }
  return {
    final,
    stages,
    baseImage: root.image,
    resolvedBaseImage: root.resolvedImage,
    instructions,
    workdir,
    user,
    copies,
    values,
    args,
    workdirAt,
  };
}

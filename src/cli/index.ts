/**
 * The LayerLens command line: `npm run --silent layerlens -- <command>`. Data goes to stdout, errors to
 * stderr; exit 0 ok, 1 usage, 2 engine unreachable, 3 other failure. Only the command that runs is loaded.
 */
import { parseArgs } from 'node:util';
import { appVersion } from '../core/api/version';
import { toErrorData } from '../shared/errors';
import { globalFlags, parseArgsOptions, UsageError, type CommandSpec, type Io } from './command';
import { commands } from './commands';
import { exitCodeFor, exitCodes } from './exit-codes';
import { commandHelp, globalHelp, nearest } from './help';
import { terminalSafe } from './output';

export type { Io } from './command';

function unknownOption(message: string, command: CommandSpec | undefined): UsageError {
  const typed = /Unknown option '(-{1,2})([^']+)'/.exec(message);
  if (!typed) return new UsageError(message);
  const known = Object.keys({ ...globalFlags, ...command?.flags });
  const guess = nearest(typed[2], known);
  const where = command ? ` for ${command.name}` : '';
  const help = command ? `${command.name} --help` : '--help';
  return new UsageError(`Unknown option ${typed[1]}${typed[2]}${where}.${guess ? ` Did you mean --${guess}?` : ''} (\`${help}\` lists them.)`);
}

function parse(argv: string[], command: CommandSpec | undefined) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: parseArgsOptions({ ...globalFlags, ...command?.flags }) });
  } catch (error) {
    throw unknownOption((error as Error).message, command);
  }
}

/**
 * Human output with control characters escaped: image tags, history and Dockerfiles can carry terminal
 * escape sequences. `--json` output on stdout stays exact.
 */
function terminalIo(io: Io, json: boolean): Io {
  return { out: (text) => io.out(json ? text : terminalSafe(text)), err: (text) => io.err(terminalSafe(text)) };
}

export async function run(argv: string[], rawIo: Io): Promise<number> {
  let io = terminalIo(rawIo, false);
  try {
    const firstWord = argv.find((a) => !a.startsWith('-'));
    const command = commands.find((c) => c.name === firstWord);
    const { values, positionals } = parse(argv, command);
    io = terminalIo(rawIo, values.json === true);
    const [name, ...rest] = positionals;
    if (values.version) {
      io.out(appVersion);
      return exitCodes.ok;
    }
    if (name === 'help') {
      const about = commands.find((c) => c.name === rest[0]);
      io.out(about ? commandHelp(about) : globalHelp(commands));
      return exitCodes.ok;
    }
    if (values.help) {
      io.out(command ? commandHelp(command) : globalHelp(commands));
      return exitCodes.ok;
    }
    if (name === undefined) {
      io.err(globalHelp(commands));
      return exitCodes.usage;
    }
    if (!command) {
      const guess = nearest(
        name,
        commands.map((c) => c.name),
      );
      throw new UsageError(`Unknown command "${name}".${guess ? ` Did you mean "${guess}"?` : ''} Run with --help for the list.`);
    }
    const expected = command.positionals;
    if (rest.length > expected.max)
      throw new UsageError(`Unexpected argument "${rest[expected.max]}" for ${name}. (\`${name} --help\` shows its usage.)`);
    if (rest.length < expected.min) throw new UsageError(`${name} needs ${expected.names}. (\`${name} --help\` shows its usage.)`);
    const action = await command.load();
    return await action({ values, positionals: rest, io });
  } catch (error) {
    if (error instanceof UsageError) {
      io.err(`error: ${error.message}`);
      return exitCodes.usage;
    }
    const data = toErrorData(error);
    io.err(`error: ${data.message}${data.detail && data.code === 'INTERNAL' ? ` (${data.detail})` : ''}`);
    return exitCodeFor(data.code);
  }
}

/**
 * The LayerLens command line: `npm run --silent layerlens -- <command>`. Data goes to stdout, errors to
 * stderr; exit 0 ok, 1 usage, 2 engine unreachable, 3 other failure.
 */
import { parseArgs } from 'node:util';
import { appVersion } from '../core/api/version';
import { toErrorData } from '../shared/errors';
import { globalOptions, UsageError, type Command, type Io } from './command';
import { commands } from './commands';
import { exitCodeFor, exitCodes } from './exit-codes';

export type { Io } from './command';

function helpText(): string {
  const width = Math.max(...commands.map((c) => c.usage.length)) + 3;
  const lines = commands.map((c) => `  ${c.usage.padEnd(width)}${c.summary}`);
  return `LayerLens ${appVersion} — where every byte of a Docker image comes from.

Usage: npm run --silent layerlens -- <command> [options]

Commands:
${lines.join('\n')}

Options:
  --host URL               engine to use (unix:///path, tcp://host:2376, ssh://user@host);
                           default: DOCKER_HOST, the Docker context, then the usual sockets
  --json                   machine-readable output
  -h, --help               this help
  -v, --version            the LayerLens version

Exit codes: 0 ok, 1 usage error, 2 engine unreachable, 3 other failure.`;
}

function parse(argv: string[], command: Command | undefined) {
  try {
    return parseArgs({ args: argv, allowPositionals: true, options: { ...globalOptions, ...command?.options } });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

export async function run(argv: string[], io: Io): Promise<number> {
  try {
    const command = commands.find((c) => c.name === argv.find((a) => !a.startsWith('-')));
    const { values, positionals } = parse(argv, command);
    const [name, ...rest] = positionals;
    if (values.version) {
      io.out(appVersion);
      return exitCodes.ok;
    }
    if (values.help || name === 'help') {
      io.out(helpText());
      return exitCodes.ok;
    }
    if (name === undefined) {
      io.err(helpText());
      return exitCodes.usage;
    }
    if (!command) throw new UsageError(`Unknown command "${name}". Run with --help for the list.`);
    const expected = command.positionals ?? { min: 0, max: 0, names: '' };
    if (rest.length > expected.max) throw new UsageError(`Unexpected argument "${rest[expected.max]}" for ${name}.`);
    if (rest.length < expected.min) throw new UsageError(`${name} needs ${expected.names}. Usage: ${command.usage}`);
    return await command.run({ values, positionals: rest, io });
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

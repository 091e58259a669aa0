/** Entry point of the `layerlens` command. */
import type { Io } from './command';
import { run } from './index';

const io: Io = { out: (t) => process.stdout.write(`${t}\n`), err: (t) => process.stderr.write(`${t}\n`) };
process.exitCode = await run(process.argv.slice(2), io);

/**
 * A layer index as a cache file: gzipped lines, read and written a piece at a time, so that a layer of a
 * million files never exists as one string or as a million parsed objects at once (as one JSON document
 * it took ~700 MB to read back).
 *
 *   line 1: the index without its entries, and `format`
 *   then:   JSON arrays of at most `entriesPerLine` entries, in tar order
 */
import { open } from 'node:fs/promises';
import { pipeline } from 'node:stream';
import readline from 'node:readline';
import zlib from 'node:zlib';
import { cancelledError } from '../../shared/errors';
import { EntryTable } from './entry-table';
import type { LayerEntry, LayerIndex } from './model';

/** Layer files are named `<digest>.jsonl.gz`; the one-document files before them (`.json.gz`) are never read. */
export const layerFileSuffix = '.jsonl.gz';
/** Another format's file is not this one's: a miss, read again and stored anew. */
export const layerFileFormat = 'lines-1';
/** Short lines: a line is text that lives until it is written, and long-lived text grows the heap. */
const entriesPerLine = 512;
const entryTypes = new Set(['file', 'dir', 'symlink', 'hardlink', 'other']);

export type LayerFileHead = Omit<LayerIndex, 'entries'> & { format: string };

/** The file's text, a line at a time. */
export function* layerFileLines(index: LayerIndex): Generator<string> {
  const { entries, ...rest } = index;
  yield `${JSON.stringify({ ...rest, format: layerFileFormat })}\n`;
  for (let start = 0; start < entries.length; start += entriesPerLine) {
    const rows: string[] = [];
    for (let row = start; row < Math.min(start + entriesPerLine, entries.length); row++) rows.push(JSON.stringify(entries.at(row)));
    yield `[${rows.join(',')}]\n`;
  }
}

function isEntry(value: unknown): value is LayerEntry {
  const v = value as LayerEntry;
  return (
    !!v &&
    typeof v.path === 'string' &&
    entryTypes.has(v.type) &&
    typeof v.size === 'number' &&
    typeof v.mode === 'number' &&
    typeof v.uid === 'number' &&
    typeof v.gid === 'number'
  );
}

/**
 * Reads a layer file whose head `accept`s; undefined when it does not. Rejects on anything malformed
 * (the caller drops the file), and with a cancellation when `signal` aborts (checked at every line: a
 * million entries take seconds).
 */
export async function readLayerFile(file: string, accept: (head: LayerFileHead) => boolean, signal?: AbortSignal): Promise<LayerIndex | undefined> {
  const handle = await open(file); // a missing file rejects here, not as an event nothing listens to
  const input = zlib.createGunzip();
  pipeline(handle.createReadStream(), input, () => undefined); // an error destroys `input`, and ends the lines with it
  const lines = readline.createInterface({ input, crlfDelay: Infinity });
  try {
    let head: LayerFileHead | undefined;
    const entries = new EntryTable();
    for await (const line of lines) {
      if (signal?.aborted) throw cancelledError();
      if (!head) {
        head = JSON.parse(line) as LayerFileHead;
        if (head?.format !== layerFileFormat || !accept(head)) return undefined;
        continue;
      }
      const rows: unknown = JSON.parse(line);
      if (!Array.isArray(rows)) throw new Error('not a line of entries');
      for (const row of rows) {
        if (!isEntry(row)) throw new Error('not an entry');
        entries.push(row);
      }
    }
    if (!head) throw new Error('empty');
    const { format: _format, ...index } = head;
    return { ...index, entries };
  } finally {
    lines.close();
    input.destroy();
  }
}

/** Plain-text renderings for the terminal; `--json` prints the contract DTOs as they are. */
import type { ConnectionStatus, ImageList } from '../shared/contract';
import { formatAge, formatBytes, shortId } from '../shared/format';

/**
 * Text for a terminal: control characters that came from images or Dockerfiles (escape sequences could
 * move the cursor or retitle the window) are shown escaped; newlines and tabs stay. JSON output is exact.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are what this looks for
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

export function table(rows: string[][]): string {
  const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) => cell.padEnd(widths[i]))
        .join('   ')
        .trimEnd(),
    )
    .join('\n');
}

export function imagesText(list: ImageList, now = Date.now()): string {
  const rows = [['REPOSITORY:TAG', 'IMAGE ID', 'CREATED', 'SIZE']];
  for (const image of list.images) {
    const names = image.repoTags.length > 0 ? image.repoTags : ['<none>:<none>'];
    for (const name of names) rows.push([name, shortId(image.id), formatAge(image.created, now), formatBytes(image.sizeBytes)]);
  }
  const count = `${list.images.length} image${list.images.length === 1 ? '' : 's'}`;
  return `${table(rows)}\n\n${count}, ${formatBytes(list.totalDiskBytes)} on disk (shared layers counted once)`;
}

export function infoText(status: ConnectionStatus, appVersion: string): string {
  const engine = status.engine;
  const lines = [
    ['LayerLens', appVersion],
    ['Endpoint', status.endpoint],
    ['State', status.state],
  ];
  if (engine) {
    lines.push(['Engine', `${engine.name} (${engine.kind})`], ['Version', engine.version], ['API version', engine.apiVersion]);
    lines.push(['OS/Arch', `${engine.os}/${engine.arch}`]);
    if (engine.kernelVersion) lines.push(['Kernel', engine.kernelVersion]);
  }
  return lines.map(([k, v]) => `${`${k}:`.padEnd(13)}${v}`).join('\n');
}

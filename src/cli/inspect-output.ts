/** The terminal rendering of an image analysis (`layerlens inspect`); `--json` prints the DTO itself. */
import type { ImageAnalysis } from '../shared/analysis';
import { formatBytes, formatPercent, shortId } from '../shared/format';
import { table } from './output';

const maxInstruction = 70;

function clip(text: string, width: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

function list(items: string[], max = 8): string {
  if (items.length === 0) return 'none';
  return items.length > max ? `${items.slice(0, max).join(', ')} (+${items.length - max} more)` : items.join(', ');
}

export function inspectText(analysis: ImageAnalysis): string {
  const a = analysis;
  const platform = [a.os, a.architecture, a.variant].filter(Boolean).join('/');
  const share = (bytes: number) => (a.sizeBytes > 0 ? ` (${formatPercent(bytes / a.sizeBytes)})` : '');
  const summary = [
    ['Image', `${a.name}  ${shortId(a.id)}  ${platform}`],
    ['Size', `${formatBytes(a.sizeBytes)} in ${a.layers.length} layers`],
    ['Base', baseText(a)],
    ['True waste', `${formatBytes(a.wastedBytes)}${share(a.wastedBytes)} stored but hidden by later layers`],
    [
      'Efficiency',
      `${formatPercent(a.efficiency)} (dive: ${formatBytes(a.dive.wastedBytes)} wasted, ` +
        `${formatPercent(a.dive.userWastedPercent)} of user layers)`,
    ],
    ['Saving', `${formatBytes(a.potentialSavingBytes)}${share(a.potentialSavingBytes)} if every finding is fixed`],
  ];
  const layers = [['#', 'SIZE', 'FILES', 'WASTE', 'INSTRUCTION']];
  for (const layer of a.layers) {
    layers.push([
      String(layer.index),
      formatBytes(layer.sizeBytes),
      String(layer.fileCount),
      layer.wastedBytes > 0 ? formatBytes(layer.wastedBytes) : '',
      clip(layer.instruction || '(no instruction recorded)', maxInstruction),
    ]);
  }
  const findings = a.findings.slice(0, 10).map((f, i) => {
    const where =
      f.layerIndex >= 0 ? `layer ${f.layerIndex}${f.inBase ? ' (base image)' : ''}: ${clip(f.instruction, maxInstruction)}` : 'whole image';
    return `${String(i + 1).padStart(2)}. ${formatBytes(f.bytes).padStart(9)}  ${f.title}\n      ${where}\n      fix: ${f.fix}`;
  });
  const s = a.attackSurface;
  const packages = s.osPackages ? `${s.osPackages.count} (${s.osPackages.manager})` : 'none found';
  const surface = [
    ['OS packages', packages],
    ['Shells', list(s.shells)],
    ['Package managers', list(s.packageManagers)],
    ['Compilers', list(s.compilers)],
    ['Setuid/setgid', `${s.setuidFiles.length} / ${s.setgidFiles.length}`],
    ['User', s.runsAsRoot ? `root${s.user ? ` (${s.user})` : ' (no USER set)'}` : s.user],
    ['Files', `${s.fileCount} (${s.executableCount} executable)`],
  ];
  const kv = (rows: string[][]) => rows.map(([k, v]) => `${`${k}:`.padEnd(18)}${v}`).join('\n');
  return [
    kv(summary),
    '',
    table(layers),
    '',
    findings.length > 0 ? `Findings, largest first:\n${findings.join('\n')}` : 'Findings: none',
    '',
    `Attack surface:\n${kv(surface)}`,
    ...(a.limits.length > 0 ? ['', `Limits:\n${a.limits.map((l) => `  ${l}`).join('\n')}`] : []),
  ].join('\n');
}

function baseText(a: ImageAnalysis): string {
  const base = a.base;
  if (base.how === 'local-image' && a.ownSizeBytes !== null) {
    const own = a.layers.length - base.layerCount;
    return `${base.name} — ${formatBytes(base.sizeBytes)} in ${base.layerCount} layers, + your build — ${formatBytes(a.ownSizeBytes)} in ${own} layer${own === 1 ? '' : 's'}`;
  }
  if (base.how === 'label') return `${base.name} (named by the image's label; its layers are not told apart)`;
  return 'unknown (no local image shares its first layers)';
}

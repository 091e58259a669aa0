import { describe, expect, it } from 'vitest';
import type { AnalyzedLayer } from '../../../../shared/analysis';
import type { LayerInfo } from '../../../../shared/contract';
import { layerRows } from './layer-rows';

const info = (index: number, instruction: string): LayerInfo => ({
  index,
  digest: `sha256:${index}`,
  sizeBytes: 100 + index,
  instruction,
  createdBy: instruction,
});
const analysed = (index: number, instruction: string, wastedBytes = 0): AnalyzedLayer => ({
  index,
  digest: `sha256:${index}`,
  sizeBytes: 90,
  instruction,
  createdBy: instruction,
  fileCount: 1,
  added: 1,
  modified: 0,
  removed: 0,
  wastedBytes,
});

describe('layerRows', () => {
  const detail = { layers: [info(0, ''), info(1, 'WORKDIR /app'), info(2, 'COPY . .')], historyExact: false };

  it('shows the engine history at once, marked approximate when it is', () => {
    const rows = layerRows(detail, 1);
    expect(rows.map((r) => [r.instruction, r.exact, r.inBase])).toEqual([
      ['', false, true],
      ['WORKDIR /app', false, false],
      ['COPY . .', false, false],
    ]);
  });

  it('takes the analysis’s instructions and waste when it arrives, and keeps the engine’s sizes', () => {
    const rows = layerRows(detail, 1, { layers: [analysed(0, 'ADD rootfs.tar /'), analysed(1, 'RUN npm ci', 5), analysed(2, 'COPY . .')] });
    expect(rows.map((r) => [r.instruction, r.exact, r.wastedBytes, r.sizeBytes])).toEqual([
      ['ADD rootfs.tar /', true, 0, 100],
      ['RUN npm ci', true, 5, 101],
      ['COPY . .', true, 0, 102],
    ]);
  });
});

/**
 * Child process of the memory benchmark: analyses one image from the engine (or, with a second argument,
 * from another source kind: `registry`) with an empty cache and prints its peak RSS in bytes, so the figure
 * belongs to the analysis alone.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createLayerLensCore } from '../src/core/api/layerlens-core';
import { LayerIndexCache } from '../src/core/archive/layer-cache';
import type { AnalysisSourceKind } from '../src/shared/analysis';

const ref = process.argv[2];
const kind = (process.argv[3] ?? 'engine') as AnalysisSourceKind;
const cacheDir = fs.mkdtempSync(path.join(os.tmpdir(), 'layerlens-bench-rss-'));
const core = createLayerLensCore({ frontDoor: 'cli', watch: false, cacheDir });
try {
  await core.analyzeImage({ kind, ref });
  // The cache is written after the result: its serialisation belongs to the peak too.
  await new LayerIndexCache({ dir: cacheDir }).flush();
  console.log(String(process.resourceUsage().maxRSS * 1024));
} finally {
  core.close();
  fs.rmSync(cacheDir, { recursive: true, force: true });
}

/** The layering is enforced by lint: these cases prove a wrong arrow is an error and a right one is not. */
import path from 'node:path';
import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');
const eslint = new ESLint({ cwd: root });

async function boundaryErrors(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('import boundaries', () => {
  // The first lint loads every plugin and type-aware config: seconds on a busy machine, not a case's time.
  beforeAll(() => eslint.lintText('', { filePath: path.join(root, 'src/shared/x.ts') }), 120_000);

  it.each([
    ['src/renderer/src/x.ts', "import { LayerLensCore } from '../../core/api/layerlens-core';"],
    ['src/renderer/src/x.ts', "import fs from 'node:fs';"],
    ['src/renderer/src/x.ts', "import { ipcRenderer } from 'electron';"],
    ['src/preload/x.ts', "import { dispatch } from '../core/api/dispatch';"],
    ['src/core/x.ts', "import { app } from 'electron';"],
    ['src/core/x.ts', "import React from 'react';"],
    ['src/core/x.ts', "import { startServer } from '../server/serve';"],
    ['src/shared/x.ts', "import Docker from 'dockerode';"],
    ['src/shared/x.ts', "import { dispatch } from '../core/api/dispatch';"],
    ['src/server/x.ts', "import { App } from '../renderer/src/App';"],
    // Inside core, lower layers never import higher ones.
    ['src/core/archive/x.ts', "import { readAndAnalyse } from '../services/image-analysis';"],
    ['src/core/analysis/findings/x.ts', "import { compareAnalyses } from '../../explore/compare';"],
    ['src/core/engine/x.ts', "import { readEngineImage } from '../archive/engine-image-reader';"],
    ['src/core/report/x.ts', "import { LayerLensCore } from '../api/layerlens-core';"],
    ['src/core/services/x.ts', "import { dispatch } from '../api/dispatch';"],
    ['src/core/dockerfile/x.ts', "import { buildImage } from '../build/build-image';"],
    ['src/core/archive/x.ts', "import { app } from 'electron';"],
  ])('%s may not: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).not.toEqual([]);
  });

  it.each([
    ['src/renderer/src/x.ts', "import { formatBytes } from '../../shared/format';"],
    ['src/preload/x.ts', "import { apiMethods } from '../shared/contract';"],
    ['src/core/x.ts', "import { LayerLensError } from '../shared/errors';"],
    ['src/cli/x.ts', "import { dispatch } from '../core/api/dispatch';"],
    ['src/core/services/x.ts', "import { analyzeImage } from '../analysis/analyze';"],
    ['src/core/archive/x.ts', "import { engineRequest } from '../engine/engine-request';"],
    ['src/core/analysis/findings/x.ts', "import type { LoadedImage } from '../../archive/model';"],
    ['src/core/archive/x.ts', "import { LayerLensError } from '../../shared/errors';"],
    ['src/core/archive/x.test.ts', "import { analyzeImage } from '../analysis/analyze';"],
  ])('%s may: %s', async (file, code) => {
    expect(await boundaryErrors(file, code)).toEqual([]);
  });
});

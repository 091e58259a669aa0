/**
 * The lean rebuild on real projects (target: >= 90 % come out lean and verified, or are refused with a clear
 * reason; none breaks silently). The projects are not part of the repository: LAYERLENS_BENCH_CORPUS names
 * a JSON file listing build contexts ([{name, contextDir, dockerfile?, runtimeBase?, verifyEnv?,
 * verifyPaths?}]) whose FROM lines name images this engine has. Without it the benchmark says so and skips.
 * Each project's original is built, then the candidates are built and verified; a lean image that answers
 * HTTP is checked again by hand (docker run + GET) so that "verified" is not LayerLens marking its own work.
 */
import fs from 'node:fs';
import { createLayerLensCore } from '../src/core/api/layerlens-core';
import type { RebuildOutcome } from '../src/shared/rebuild';
import { danglingImages, docker, removeImage, removeNewDangling, uniqueTag } from '../test/docker-fixtures';
import type { Probe } from './harness';

interface CorpusProject {
  name: string;
  contextDir: string;
  dockerfile?: string;
  runtimeBase?: string;
  verifyEnv?: Record<string, string>;
  verifyPaths?: string[];
}

type Verdict = 'lean' | 'refused' | 'original does not build' | 'broke silently';

async function answers(image: string, port: number, env: Record<string, string>): Promise<string> {
  const id = (await docker('run', '-d', ...Object.entries(env).flatMap(([k, v]) => ['-e', `${k}=${v}`]), '-p', `127.0.0.1::${port}`, image)).trim();
  try {
    const hostPort = (await docker('port', id, `${port}/tcp`)).trim().split(':').pop();
    for (let tries = 0; tries < 300; tries++) {
      try {
        const response = await fetch(`http://127.0.0.1:${hostPort}/`);
        return `${response.status}`;
      } catch {
        await new Promise((r) => setTimeout(r, 100));
      }
    }
    return 'no answer';
  } finally {
    await docker('rm', '-f', id).catch(() => undefined);
  }
}

async function judgeProject(project: CorpusProject): Promise<{ verdict: Verdict; detail: string }> {
  const core = createLayerLensCore({ frontDoor: 'cli', watch: false });
  const image = uniqueTag(`corpus-${project.name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`);
  const leanTag = `${image}-lean`;
  try {
    const plan = await core.planRebuild({ contextDir: project.contextDir, dockerfile: project.dockerfile, runtimeBase: project.runtimeBase });
    if (plan.plan.kind !== 'lean-rewrite') return { verdict: 'refused', detail: plan.plan.messages[0] ?? plan.plan.kind };
    let outcome: RebuildOutcome;
    try {
      outcome = await core.runRebuild({
        contextDir: project.contextDir,
        dockerfile: project.dockerfile,
        runtimeBase: project.runtimeBase,
        image,
        leanTag,
        writeFiles: false,
        verify: { ...(project.verifyEnv ? { env: project.verifyEnv } : {}), ...(project.verifyPaths ? { paths: project.verifyPaths } : {}) },
      });
    } catch (error) {
      const message = (error as Error).message;
      return /BUILD_FAILED|build failed/i.test(`${(error as { code?: string }).code} ${message}`)
        ? { verdict: 'original does not build', detail: message.split('\n')[0]! }
        : { verdict: 'refused', detail: message.split('\n')[0]! };
    }
    const { result } = outcome;
    if (result.verdict !== 'lean') return { verdict: 'refused', detail: `${result.verdict}: ${result.summary.slice(0, 160)}` };
    if (result.verify?.mode === 'http') {
      const port = plan.plan.verify.ports[0] ?? 3000;
      const [a, b] = [await answers(image, port, project.verifyEnv ?? {}), await answers(leanTag, port, project.verifyEnv ?? {})];
      if (a !== b) return { verdict: 'broke silently', detail: `by hand: original ${a}, lean ${b}` };
    }
    return { verdict: 'lean', detail: `${result.chosen} ${Math.round((1 - result.ratio) * 100)} % smaller; ${result.verify?.summary ?? ''}` };
  } catch (error) {
    return { verdict: 'refused', detail: (error as Error).message.split('\n')[0]! };
  } finally {
    core.close();
    await removeImage(leanTag);
    await removeImage(image);
  }
}

export function corpusBenchmarks(): Probe[] {
  return [
    {
      name: 'rebuild real projects',
      description: 'optimize --verify over LAYERLENS_BENCH_CORPUS (target >= 90 % lean-and-verified or refused clearly, 0 broken silently)',
      run: async () => {
        const file = process.env.LAYERLENS_BENCH_CORPUS;
        if (!file || !fs.existsSync(file))
          return `rebuild real projects: SKIPPED — set LAYERLENS_BENCH_CORPUS to a JSON list of build contexts (see bench/corpus.bench.ts).`;
        const projects = JSON.parse(fs.readFileSync(file, 'utf8')) as CorpusProject[];
        const before = await danglingImages();
        const rows: string[] = [];
        const counts: Record<Verdict, number> = { lean: 0, refused: 0, 'original does not build': 0, 'broke silently': 0 };
        for (const project of projects) {
          const { verdict, detail } = await judgeProject(project);
          counts[verdict] += 1;
          rows.push(`  ${project.name.padEnd(36)} ${verdict.padEnd(24)} ${detail}`);
        }
        await removeNewDangling(before);
        const judged = projects.length - counts['original does not build'];
        const good = counts.lean + counts.refused;
        const share = judged > 0 ? good / judged : 0;
        return [
          ...rows,
          `rebuild real projects: ${counts.lean} lean and verified, ${counts.refused} refused with a reason, ${counts['broke silently']} broke silently, ` +
            `${counts['original does not build']} whose original does not build here (not counted) -> ${(share * 100).toFixed(0)} % ` +
            `${share >= 0.9 && counts['broke silently'] === 0 ? 'MET' : 'MISSED'} (target >= 90 %, none broken silently)`,
        ].join('\n');
      },
    },
  ];
}

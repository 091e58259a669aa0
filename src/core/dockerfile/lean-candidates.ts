/**
 * The lean candidates of a plan, from the most aggressive (smaller runtime base, devDependencies pruned,
 * non-root) to the most conservative (the original base with a fresh copy of the app), each with the
 * problems static checks foresee: a devDependency the start or the sources load, a package manager or a
 * tool the runtime base lacks, a libc that native addons were not built for. Verification (or, without a
 * build, these checks) chooses among them.
 */
import type { BaseFacts, CandidateChoices, LeanCandidate } from '../../shared/rebuild';
import { emitCandidate, type LeanFacts } from './lean-emit';
import type { RuntimeImport } from './runtime-imports';

export interface RuntimeOption {
  image: string;
  facts: BaseFacts;
  reason: string;
}

export interface CandidateInput {
  facts: LeanFacts;
  /** The smaller runtime base (may be the original base when none is known). */
  small: RuntimeOption;
  /** The original final stage's base. */
  original: RuntimeOption;
  builderFacts: BaseFacts;
  devDependenciesLoaded: RuntimeImport[];
}

function describe(choices: CandidateChoices): string {
  return [
    choices.runtimeBase,
    choices.prune ? 'devDependencies pruned' : 'dependencies as built',
    choices.nonRoot ? 'non-root' : undefined,
    choices.directStart ? 'start without the package manager' : undefined,
    choices.addedTools.length ? `with ${choices.addedTools.join(', ')}` : undefined,
  ]
    .filter(Boolean)
    .join(', ');
}

const hasTool = (facts: BaseFacts, tool: 'npm' | 'yarn' | 'pnpm' | 'npx'): boolean | undefined => facts[tool === 'npx' ? 'npm' : tool];

/** The static problems of one candidate; empty when none is foreseen. */
function problemsOf(input: CandidateInput, choices: CandidateChoices, runtime: BaseFacts): string[] {
  const { facts } = input;
  const problems: string[] = [];
  if (choices.prune) {
    for (const bin of facts.start.bins.filter((b) => b.source === 'devDependency')) {
      problems.push(
        `pruning devDependencies would break the start: ${bin.bin} (called by ${bin.from}) comes from ${bin.pkg}, listed in devDependencies; move it to dependencies`,
      );
    }
    for (const pkg of facts.start.preloads.filter((p) => facts.project.devDependencies.includes(p) && !facts.project.dependencies.includes(p))) {
      problems.push(`pruning devDependencies would break the start: node preloads ${pkg}, listed in devDependencies; move it to dependencies`);
    }
    for (const hit of input.devDependenciesLoaded) {
      problems.push(
        `pruning devDependencies would break it: Cannot find module '${hit.pkg}', required by ${hit.file} and listed in devDependencies; move it to dependencies`,
      );
    }
  }
  const manager = facts.start.packageManager;
  if (manager && hasTool(runtime, manager) === false && !choices.directStart && !facts.globalPackages.includes(manager)) {
    problems.push(`the start command runs ${manager}, which ${choices.runtimeBase} does not have`);
  }
  if (choices.directStart && !facts.start.direct) {
    problems.push(
      `the start command needs ${manager} (${facts.start.script ? `the ${facts.start.script.name} script has ${facts.start.script.hooks.length ? 'hooks' : 'shell syntax'}` : 'no script to run directly'}), which ${choices.runtimeBase} does not have`,
    );
  }
  const needsShell = facts.osRuntime.length > 0 || (choices.nonRoot && !runtime.nodeUser && runtime.userTool !== 'none');
  if (needsShell && runtime.shell === false) problems.push(`${choices.runtimeBase} has no shell to install packages or create a user`);
  for (const install of facts.osRuntime) {
    if (runtime.packageTool && runtime.packageTool !== install.tool) {
      problems.push(
        `the runtime packages (${install.packages.join(', ')}) are installed with ${install.tool}, which ${choices.runtimeBase} does not use`,
      );
    }
  }
  for (const tool of missingTools(facts, runtime)) {
    if (!choices.addedTools.includes(tool)) problems.push(`the HEALTHCHECK or start calls ${tool}, which ${choices.runtimeBase} does not have`);
  }
  if (facts.hasNativeAddons && input.builderFacts.libc && runtime.libc && input.builderFacts.libc !== runtime.libc) {
    problems.push(`native addons built against ${input.builderFacts.libc} do not load on ${choices.runtimeBase} (${runtime.libc})`);
  }
  return problems;
}

/** curl/wget the HEALTHCHECK or the start calls, which the runtime base lacks and no install provides. */
function missingTools(facts: LeanFacts, runtime: BaseFacts): ('curl' | 'wget')[] {
  const health = facts.chain.instructions.findLast((i) => i.keyword === 'HEALTHCHECK')?.args ?? '';
  return (['curl', 'wget'] as const).filter(
    (tool) =>
      (facts.start.bins.some((b) => b.bin === tool) || new RegExp(`\\b${tool}\\b`).test(health)) &&
      runtime[tool] === false &&
      !facts.osRuntime.some((o) => o.packages.includes(tool)),
  );
}

export function leanCandidates(input: CandidateInput): LeanCandidate[] {
  const { facts } = input;
  const canPrune = Array.isArray(facts.prune);
  const rootNow = !facts.chain.user || /^(root|0)(:|$)/.test(facts.chain.user.args.trim());
  const runtimes = input.small.image === input.original.image ? [input.original] : [input.small, input.original];
  const wanted: { runtime: RuntimeOption; prune: boolean; nonRoot: boolean }[] = [];
  for (const runtime of runtimes) {
    if (runtime === runtimes[0]) {
      if (canPrune && rootNow) wanted.push({ runtime, prune: true, nonRoot: true });
      if (canPrune) wanted.push({ runtime, prune: true, nonRoot: false });
      else if (rootNow) wanted.push({ runtime, prune: false, nonRoot: true });
    }
    wanted.push({ runtime, prune: false, nonRoot: false });
  }
  const candidates: LeanCandidate[] = [];
  for (const { runtime, prune, nonRoot } of wanted) {
    const manager = facts.start.packageManager;
    const copiedManager = manager !== undefined && facts.globalPackages.includes(manager);
    const directStart = manager !== undefined && !copiedManager && hasTool(runtime.facts, manager) === false;
    // A tool the original base had and this one lacks is installed, when the base can install it.
    const canInstall = runtime.facts.packageTool && runtime.facts.packageTool !== 'none' && runtime.facts.shell !== false;
    const addedTools = canInstall ? missingTools(facts, runtime.facts) : [];
    const choices: CandidateChoices = { runtimeBase: runtime.image, prune, nonRoot, directStart, addedTools };
    const id = `c${candidates.length + 1}`;
    const emitted = emitCandidate(facts, choices, runtime.facts, runtime.reason);
    candidates.push({ id, label: describe(choices), choices, ...emitted, problems: problemsOf(input, choices, runtime.facts) });
  }
  return candidates;
}

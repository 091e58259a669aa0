/**
 * What the wizard says, in the app's words: the core's messages without command-line flags (the wizard has
 * fields, not flags), each candidate's outcome, the result's verdict in one headline, and the build command
 * with the lean image's actual name.
 */
import type { CandidateAttempt, RebuildResult } from '../../../shared/rebuild';

// A flag's value is dropped only when it is plainly one (`=x`, `<IMG>`, `IMG`), never the next words.
const value = String.raw`(?:=\S+|\s+<[^>]*>|\s+[A-Z]+)?`;
const flag = (pattern: string) => new RegExp(pattern.replace(/VALUE/g, value), 'g');

const flagWords: [RegExp, string][] = [
  [flag('choose one with (?:the runtime base option|--runtime-baseVALUE)'), 'choose a runtime base below'],
  [flag('(?:the runtime base option|--runtime-baseVALUE)'), 'the runtime base field below'],
  [flag('name it with --dockerfileVALUE'), 'name it in the Dockerfile field'],
  [flag('--dockerfileVALUE'), 'the Dockerfile field'],
  [flag('--build-args?VALUE'), 'the build arguments field'],
  [flag('--targetVALUE'), 'the stage field'],
  [/\bwith --verify\b/g, 'with verification'],
  [/--verify\b/g, 'verification'],
  [/--replace(?:-tags)?\b/g, '"replace it"'],
];

/** A core message with the command line's flags said as the wizard's fields. */
export function plainMessage(message: string): string {
  return flagWords.reduce((text, [pattern, words]) => text.replace(pattern, words), message);
}

export const outcomeLabels: Record<CandidateAttempt['outcome'], string> = {
  chosen: 'chosen',
  'failed-build': 'did not build',
  'failed-verify': 'behaves differently',
  'cannot-verify': 'cannot verify',
  'not-tried': 'not tried',
  'not-needed': 'not needed',
};

/** The outcome as the table says it (the best candidate of an already lean image was not kept). */
export function outcomeLabel(attempt: CandidateAttempt, verdict: RebuildResult['verdict']): string {
  if (attempt.outcome === 'chosen' && verdict === 'already-lean') return 'best, not worth it';
  if (attempt.outcome === 'chosen' && verdict === 'unverified') return 'built, unverified';
  return outcomeLabels[attempt.outcome];
}

export type VerdictTone = 'good' | 'neutral' | 'bad';

/** The result in one headline: lean / already lean / no candidate / cannot verify / built but unverified. */
export function verdictHeadline(result: RebuildResult): {
  kind: 'lean' | 'already-lean' | 'no-candidate' | 'cannot-verify' | 'unverified';
  title: string;
  tone: VerdictTone;
} {
  switch (result.verdict) {
    case 'lean':
      return { kind: 'lean', title: 'Lean, and verified: it behaves like the original', tone: 'good' };
    case 'already-lean':
      return { kind: 'already-lean', title: 'Already lean: no candidate saves enough to be worth a change', tone: 'neutral' };
    case 'unverified':
      return { kind: 'unverified', title: 'Built, but unverified: nothing proves it behaves like the original', tone: 'neutral' };
    case 'no-candidate':
      // As the core's summary: one candidate that could not be judged makes the whole search "cannot verify".
      return result.attempts.some((a) => a.outcome === 'cannot-verify')
        ? { kind: 'cannot-verify', title: 'Cannot verify: the two images could not be compared', tone: 'bad' }
        : { kind: 'no-candidate', title: 'No candidate behaves like the original', tone: 'bad' };
  }
}

/** The plan's `docker build … -t <name> …` with the name the lean image really gets. */
export function buildCommandWith(command: string, leanTag: string | undefined): string {
  if (!leanTag) return command;
  return command.replace(/(\s-t\s+)\S+/, (_whole, flag: string) => `${flag}${leanTag}`);
}

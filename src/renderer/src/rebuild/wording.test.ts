import { describe, expect, it } from 'vitest';
import type { CandidateAttempt, RebuildResult } from '../../../shared/rebuild';
import { buildCommandWith, outcomeLabel, plainMessage, verdictHeadline } from './wording';

describe('plainMessage', () => {
  it('says the wizard fields instead of command-line flags', () => {
    expect(
      plainMessage('Runtime base: no smaller variant of node:18 is known: choose one with --runtime-base (an image with the same Node release).'),
    ).toBe('Runtime base: no smaller variant of node:18 is known: choose a runtime base below (an image with the same Node release).');
    expect(plainMessage('no smaller variant is known: choose one with the runtime base option (same libc)')).toBe(
      'no smaller variant is known: choose a runtime base below (same libc)',
    );
    expect(plainMessage('Found dockerfile: name it with --dockerfile (Docker’s default name is "Dockerfile").')).toBe(
      'Found dockerfile: name it in the Dockerfile field (Docker’s default name is "Dockerfile").',
    );
    expect(plainMessage('Run with --verify to prove it.')).toBe('Run with verification to prove it.');
    expect(plainMessage('COPY --from=build /app /app')).toBe('COPY --from=build /app /app');
  });
});

const attempt = (outcome: CandidateAttempt['outcome']): CandidateAttempt => ({ candidate: 'c1', label: 'slim', outcome, reason: 'r' });
const result = (verdict: RebuildResult['verdict'], attempts: CandidateAttempt[] = []): RebuildResult => ({
  original: { image: 'a', id: 'sha256:a', sizeBytes: 10, built: true },
  lean: null,
  verdict,
  chosen: null,
  attempts,
  ratio: 1,
  savedBytes: 0,
  config: [],
  summary: '',
});

describe('verdictHeadline', () => {
  it('has one headline per verdict, "cannot verify" when a candidate could not be judged', () => {
    expect(verdictHeadline(result('lean')).kind).toBe('lean');
    expect(verdictHeadline(result('already-lean')).kind).toBe('already-lean');
    expect(verdictHeadline(result('unverified')).title).toMatch(/unverified/);
    expect(verdictHeadline(result('no-candidate', [attempt('failed-verify')])).kind).toBe('no-candidate');
    expect(verdictHeadline(result('no-candidate', [attempt('failed-verify'), attempt('cannot-verify')])).kind).toBe('cannot-verify');
  });

  it('labels the best candidate of an already lean image', () => {
    expect(outcomeLabel(attempt('chosen'), 'already-lean')).toBe('best, not worth it');
    expect(outcomeLabel(attempt('chosen'), 'lean')).toBe('chosen');
    expect(outcomeLabel(attempt('failed-build'), 'lean')).toBe('did not build');
  });
});

describe('buildCommandWith', () => {
  it('names the lean image the build really made', () => {
    expect(buildCommandWith('docker build -f Dockerfile.lean -t app:latest-lean .   # in /src', 'app:latest-lean-2')).toBe(
      'docker build -f Dockerfile.lean -t app:latest-lean-2 .   # in /src',
    );
    expect(buildCommandWith('docker build -f D -t a .', undefined)).toBe('docker build -f D -t a .');
  });
});

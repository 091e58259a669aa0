import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './parse-dockerfile';
import { copyOperands, stageChain } from './stage-chain';

const parse = (text: string) => parseDockerfile(text);

describe('stageChain', () => {
  it('follows FROM <stage> inheritance and keeps WORKDIR, USER, ARG and ENV as Docker does', () => {
    const parsed = parse(
      'ARG BASE=node:20\nFROM $BASE AS base\nARG APP=/srv\nENV HOME_DIR=$APP/home\nWORKDIR $APP\nFROM base AS dev\nCMD dev\nFROM base AS prod\nWORKDIR app\nUSER node\nCOPY --chown=node:node --from=dev ["a b", "./"]\n',
    );
    const chain = stageChain(parsed);
    expect(chain.stages.map((s) => s.name)).toEqual(['base', 'prod']);
    expect(chain.resolvedBaseImage).toBe('node:20');
    expect(chain.workdir).toBe('/srv/app');
    expect(chain.user?.args).toBe('node');
    expect(chain.values.HOME_DIR).toBe('/srv/home');
    expect(chain.copies[0]).toMatchObject({ sources: ['a b'], dest: '/srv/app', destIsDir: true, fromStage: 'dev', chown: 'node:node' });
    expect(stageChain(parsed, { BASE: 'node:22' }, 'dev').final.name).toBe('dev');
  });

  it('reads heredoc copies and refuses an unknown target', () => {
    const heredoc = parse('FROM x\nCOPY <<EOF /etc/app.json\n{}\nEOF\n');
    expect(copyOperands(heredoc.stages[0]!.instructions[1]!)).toEqual({ sources: ['<<heredoc>'], dest: '/etc/app.json' });
    expect(() => stageChain(parse('FROM x AS a\nFROM a AS b\n'), {}, 'c')).toThrow(/no stage "c" in the Dockerfile \(stages: a, b\)/);
  });
});

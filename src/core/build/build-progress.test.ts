import { describe, expect, it } from 'vitest';
import { BuildProgressParser, type BuildEvent } from './build-progress';

const stream = (text: string) => `${JSON.stringify({ stream: text })}\n`;

describe('BuildProgressParser', () => {
  it('parses steps, log lines and the image id, across chunk boundaries', () => {
    const events: BuildEvent[] = [];
    const parser = new BuildProgressParser((e) => events.push(e));
    const body =
      stream('Step 1/2 : FROM debian\n') +
      stream(' ---> abc\n') +
      stream('Step 2/2 : RUN echo hi\n') +
      stream(' ---> Running in 123\n') +
      stream('hi\n') +
      `${JSON.stringify({ aux: { ID: 'sha256:feed' } })}\n` +
      stream('Successfully built feed\n');
    for (let i = 0; i < body.length; i += 7) parser.push(body.slice(i, i + 7));
    parser.end();
    expect(events.filter((e) => e.type === 'step')).toEqual([
      { type: 'step', step: 1, total: 2, instruction: 'FROM debian' },
      { type: 'step', step: 2, total: 2, instruction: 'RUN echo hi' },
    ]);
    expect(parser.state.imageId).toBe('sha256:feed');
    expect(parser.state.stepLog).toContain('hi');
  });

  it('keeps an error from inside the stream with the failing step log', () => {
    const parser = new BuildProgressParser();
    parser.push(stream('Step 2/3 : RUN make\n') + stream('make: *** No rule\n'));
    parser.push(`${JSON.stringify({ errorDetail: { code: 2, message: "The command '/bin/sh -c make' returned a non-zero code: 2" }, error: 'x' })}\n`);
    parser.end();
    expect(parser.state.error).toMatch(/non-zero code: 2/);
    expect(parser.state.step).toBe(2);
    expect(parser.state.stepLog).toEqual(['make: *** No rule', "The command '/bin/sh -c make' returned a non-zero code: 2"]);
  });

  it('handles stream text split in the middle of a line', () => {
    const parser = new BuildProgressParser();
    parser.push(stream('par') + stream('tial\nStep 1/1 : FROM x\n'));
    parser.end();
    expect(parser.state.log).toEqual(['partial', 'Step 1/1 : FROM x']);
  });
});

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
    parser.push(
      `${JSON.stringify({ errorDetail: { code: 2, message: "The command '/bin/sh -c make' returned a non-zero code: 2" }, error: 'x' })}\n`,
    );
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

  it("reads Podman's STEP lines, counting on over the stages as Docker numbers them", () => {
    const events: BuildEvent[] = [];
    const parser = new BuildProgressParser((e) => events.push(e));
    parser.push(
      stream('[1/2] STEP 1/2: FROM busybox AS first\n') +
        stream('[1/2] STEP 2/2: RUN echo one > /one\n') +
        stream('--> 4b28de204e9\n') +
        stream('[2/2] STEP 1/3: FROM busybox\n') +
        stream('[2/2] STEP 2/3: COPY --from=first /one /one\n') +
        stream('[2/2] STEP 3/3: CMD ["cat", "/one"]\n') +
        stream('[2/2] COMMIT\n') +
        `${JSON.stringify({ aux: { ID: 'sha256:812a' } })}\n` +
        stream('Successfully built 812a3d2798d0\n'),
    );
    parser.end();
    expect(events.filter((e) => e.type === 'step').map((e) => e.type === 'step' && `${e.step}/${e.total} ${e.instruction}`)).toEqual([
      '1/2 FROM busybox AS first',
      '2/2 RUN echo one > /one',
      '3/5 FROM busybox',
      '4/5 COPY --from=first /one /one',
      '5/5 CMD ["cat", "/one"]',
    ]);
    expect(parser.state).toMatchObject({ step: 5, total: 5, imageId: 'sha256:812a' });
  });

  it("keeps Podman's error (its trailing newline dropped) with the failing step", () => {
    const parser = new BuildProgressParser();
    parser.push(stream('STEP 1/3: FROM busybox\n') + stream('STEP 3/3: RUN exit 3\n'));
    const message = 'building at STEP "RUN exit 3": while running runtime: exit status 3\n';
    parser.push(`${JSON.stringify({ errorDetail: { message }, error: message })}\n`);
    parser.end();
    expect(parser.state).toMatchObject({ step: 3, total: 3, instruction: 'RUN exit 3', error: message.trim() });
  });
});

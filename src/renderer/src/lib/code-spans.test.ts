import { describe, expect, it } from 'vitest';
import { codeSpans } from './code-spans';

describe('codeSpans', () => {
  it('splits Markdown code spans from the prose around them', () => {
    expect(codeSpans('Add `rm -rf /var/lib/apt/lists/*` to the same `RUN`.')).toEqual([
      { code: false, text: 'Add ' },
      { code: true, text: 'rm -rf /var/lib/apt/lists/*' },
      { code: false, text: ' to the same ' },
      { code: true, text: 'RUN' },
      { code: false, text: '.' },
    ]);
  });

  it('keeps a text without code spans, and a lone backtick, as they are', () => {
    expect(codeSpans('plain')).toEqual([{ code: false, text: 'plain' }]);
    expect(codeSpans('a ` b')).toEqual([{ code: false, text: 'a ` b' }]);
    expect(codeSpans('')).toEqual([]);
  });
});

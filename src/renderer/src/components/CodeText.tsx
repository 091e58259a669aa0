import { Fragment } from 'react';
import { codeSpans } from '../lib/code-spans';

/** A core text with its `code` spans shown as code (finding titles and fixes). */
export function CodeText({ text }: { text: string }) {
  return <>{codeSpans(text).map((part, i) => (part.code ? <code key={i}>{part.text}</code> : <Fragment key={i}>{part.text}</Fragment>))}</>;
}

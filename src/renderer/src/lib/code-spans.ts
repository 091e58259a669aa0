/** The UI's code spans are the reports' (src/shared/code-spans.ts): one reading of `code` in core texts. */
export { codeSpans, type TextPart } from '../../../shared/code-spans';

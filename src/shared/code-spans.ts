/**
 * Texts from core (finding titles, fixes) mark commands and paths as Markdown code spans: `apt-get clean`.
 * The UI and the HTML report show them as code, never as raw backticks.
 */
export type TextPart = { code: boolean; text: string };

export function codeSpans(text: string): TextPart[] {
  const parts: TextPart[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    if (match.index > last) parts.push({ code: false, text: text.slice(last, match.index) });
    parts.push({ code: true, text: match[1] });
    last = match.index + match[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });
  return parts;
}

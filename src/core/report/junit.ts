/** The CI gate's result as JUnit XML, one test case per rule, for CI systems that show test reports. */
import type { CiEvaluation } from './ci-rules';

export function escapeXmlText(text: string): string {
  return (
    text
      // Characters XML 1.0 does not allow at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!)
  );
}

export interface JunitInput {
  image: string;
  configOrigin: string;
  evaluation: CiEvaluation;
  durationMs: number;
  timestamp: Date;
}

export function ciJunitXml(input: JunitInput): string {
  const { evaluation: e } = input;
  const x = escapeXmlText;
  const tests = e.results.length;
  const seconds = (input.durationMs / 1000).toFixed(3);
  const suite = `layerlens ci: ${input.image}`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="layerlens ci" tests="${tests}" failures="${e.tally.fail}" errors="0" skipped="${e.tally.skip}" time="${seconds}">`,
    `  <testsuite name="${x(suite)}" tests="${tests}" failures="${e.tally.fail}" errors="0" skipped="${e.tally.skip}" time="${seconds}" timestamp="${input.timestamp.toISOString()}">`,
    '    <properties>',
    `      <property name="image" value="${x(input.image)}"/>`,
    `      <property name="config" value="${x(input.configOrigin)}"/>`,
    '    </properties>',
  ];
  for (const r of e.results) {
    const open = `    <testcase classname="layerlens.ci" name="${x(r.key)}" time="0">`;
    if (r.status === 'FAIL') {
      lines.push(
        open,
        `      <failure message="${x(r.message)}" type="${x(r.key)}">${x(`${r.key}: ${r.figure} (threshold ${r.configured})`)}</failure>`,
        '    </testcase>',
      );
    } else if (r.status === 'SKIP') {
      lines.push(open, `      <skipped message="${x(`disabled; measured ${r.figure}`)}"/>`, '    </testcase>');
    } else {
      lines.push(open, `      <system-out>${x(`${r.key}: ${r.figure} (threshold ${r.configured})`)}</system-out>`, '    </testcase>');
    }
  }
  lines.push('  </testsuite>', '</testsuites>', '');
  return lines.join('\n');
}

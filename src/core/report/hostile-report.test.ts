/**
 * Everything a report shows from an image (tags, history, paths, the fix texts built from them) is text, never
 * markup: an image tagged `<img onerror=…>` must not put an element into the Markdown or HTML report.
 */
import { describe, expect, it } from 'vitest';
import { analyzeImage } from '../analysis/analyze';
import { buildImage, dir, file, layer } from '../analysis/testing/image-builder';
import { reportHtml } from './html';
import { reportMarkdown } from './markdown';
import { buildSizeReport } from './report-model';
import { buildTreemap, finalFiles } from './treemap';

const payload = '<img src=x onerror=alert(1)>';
const link = '[click](javascript:alert(2))';

function hostileReport() {
  const image = buildImage(
    [
      layer(`/bin/sh -c #(nop) ADD file:${payload} in / `, [dir('/app'), file(`/app/${payload}.tar.gz`, 5_000_000)]),
      layer(`/bin/sh -c echo ${payload} | tee ${link}\nUSER root`, [dir('/app'), file(`/app/node_modules/${link}/x.js`, 3_000_000)]),
    ],
    { repoTags: [`evil:${payload.replace(/[^a-z]/g, '')}`], user: payload },
  );
  const analysis = analyzeImage(image, { kind: 'archive', ref: `/tmp/${payload}.tar` }, { layersRead: 2, layersFromCache: 0 }, () => new Date(0));
  const section = { analysis: { ...analysis, name: payload }, treemap: buildTreemap(finalFiles(image)) };
  return buildSizeReport({ id: 'r1', subjects: [section, section], title: `${payload} ${link}`, generatedAt: new Date(0), version: '0.0.0' });
}

/** The Markdown a renderer would read as markup: code spans and fenced blocks show their text as typed. */
function outsideCode(markdown: string): string {
  return markdown.replace(/^(`{3,})[^\n]*\n[\s\S]*?\n\1$/gm, '').replace(/(`+)[^`]*?\1/g, '');
}

describe('reports of an image with markup in its data', () => {
  const report = hostileReport();

  it('Markdown: no HTML and no links outside code, the text still readable', () => {
    const markdown = reportMarkdown(report);
    expect(markdown).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const prose = outsideCode(markdown);
    expect(prose).not.toMatch(/<[a-z!/]/i);
    expect(prose).not.toMatch(/(?<!\\)\]\(javascript:/);
    // The code spans that hold paths and instructions stay intact.
    expect(markdown).toContain('`/app/<img src=x onerror=alert(1)>.tar.gz`');
  });

  it('HTML: the payload only ever appears escaped', () => {
    const html = reportHtml(report, 'a4');
    expect(html).not.toContain('<img');
    expect(html).not.toMatch(/<a\s/);
    expect(html.split('&lt;img src=x onerror=alert(1)&gt;').length).toBeGreaterThan(3);
  });
});

import { describe, expect, it } from 'vitest';
import { permissionRewriteFindings } from './permission-rewrite';
import { contextOf } from './test-context';
import { buildImage, file, layer } from '../testing/image-builder';

describe('permissionRewriteFindings', () => {
  it('reports chmod/chown-only copies in the layer that rewrote them', () => {
    const image = buildImage([
      layer('COPY app /app', [file('/app/run.sh', 400, { hash: 'r' }), file('/app/data.bin', 9000, { hash: 'd' })]),
      layer('/bin/sh -c chmod +x /app/run.sh && chown -R 1000 /app', [
        file('/app/run.sh', 400, { hash: 'r', mode: 0o755, uid: 1000 }),
        file('/app/data.bin', 9000, { hash: 'd', uid: 1000 }),
      ]),
      layer('/bin/sh -c echo > /app/run.sh', [file('/app/run.sh', 1, { hash: 'new', mode: 0o755, uid: 1000 })]),
    ]);
    const findings = permissionRewriteFindings(contextOf(image));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ layerIndex: 1, bytes: 9400, fileCount: 2, instruction: 'RUN chmod +x /app/run.sh && chown -R 1000 /app' });
    expect(findings[0].files.map((f) => f.path)).toEqual(['/app/data.bin', '/app/run.sh']);
    expect(findings[0].fix).toContain('COPY --chmod');
  });
});

import { promises as fs } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readOciLayoutDir } from './oci-dir-reader';
import { tempDir } from './test-support';

// Real layouts (skopeo's, in every compression) are read in archive-formats.docker.test.ts.
let work: string;
beforeAll(async () => {
  work = await tempDir();
});
afterAll(async () => {
  await fs.rm(work, { recursive: true, force: true });
});

describe('readOciLayoutDir', () => {
  it('says what is wrong with a folder that is not a layout, and with a missing one', async () => {
    const empty = path.join(work, 'not-a-layout');
    await fs.mkdir(empty);
    await expect(readOciLayoutDir(empty)).rejects.toMatchObject({ code: 'ARCHIVE_CORRUPT', message: /no oci-layout/ });
    await expect(readOciLayoutDir(path.join(work, 'nowhere'))).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      message: `There is no folder ${path.join(work, 'nowhere')}.`,
    });
  });
});

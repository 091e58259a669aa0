/**
 * Against the real engine: an export read straight off the socket is byte for byte the export dockerode's
 * HTTP client reads, and the engine's errors come through with their status and message.
 */
import { createHash } from 'node:crypto';
import Docker from 'dockerode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildFixtureImage, removeImage, uniqueTag } from '../../../test/docker-fixtures';
import { DirectStreamStatusError, openDirectStream } from './direct-stream';
import { engineStream } from './engine-request';

const tag = uniqueTag('direct-stream');
const engine = new Docker();

beforeAll(async () => {
  await buildFixtureImage('archive-layers', tag);
});

afterAll(async () => {
  await removeImage(tag);
});

describe('openDirectStream on the real engine', () => {
  it('reads the same export bytes as the HTTP client', async () => {
    const direct = createHash('sha256');
    let directBytes = 0;
    const stream = await openDirectStream(engine, { path: `/images/${tag}/get` });
    await stream.pipeTo((bytes) => {
      direct.update(bytes);
      directBytes += bytes.length;
    });

    const viaModem = createHash('sha256');
    let modemBytes = 0;
    for await (const chunk of await engineStream(engine, { path: `/images/${tag}/get` })) {
      viaModem.update(chunk as Buffer);
      modemBytes += (chunk as Buffer).length;
    }
    expect(directBytes).toBeGreaterThan(1024);
    expect(directBytes).toBe(modemBytes);
    expect(direct.digest('hex')).toBe(viaModem.digest('hex'));
  });

  it("gives the engine's 404 for a missing image", async () => {
    const error = await openDirectStream(engine, { path: `/images/${tag}-missing/get` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DirectStreamStatusError);
    expect(error).toMatchObject({ statusCode: 404 });
    expect((error as Error).message).toMatch(/no such image|not found|does not exist/i);
  });
});

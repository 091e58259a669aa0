import { describe, expect, it } from 'vitest';
import type { LayerLensApi } from '../../shared/contract';
import { LayerLensError } from '../../shared/errors';
import { dispatch } from './dispatch';

const api = {
  getAppInfo: async () => ({ name: 'LayerLens', version: '0', frontDoor: 'cli' }),
  inspectImage: async (ref: string) => {
    throw new LayerLensError('IMAGE_NOT_FOUND', `no ${ref}`);
  },
  listImages: async () => {
    throw new TypeError('boom');
  },
} as unknown as LayerLensApi;

describe('dispatch', () => {
  it('answers a result envelope', async () => {
    expect(await dispatch(api, 'getAppInfo', [])).toEqual({
      ok: true,
      result: { name: 'LayerLens', version: '0', frontDoor: 'cli' },
    });
  });

  it('carries a typed error as data', async () => {
    expect(await dispatch(api, 'inspectImage', ['x'])).toEqual({
      ok: false,
      error: { code: 'IMAGE_NOT_FOUND', message: 'no x' },
    });
  });

  it('wraps an unexpected error as INTERNAL with the cause as detail', async () => {
    expect(await dispatch(api, 'listImages', [])).toMatchObject({ ok: false, error: { code: 'INTERNAL', detail: 'boom' } });
  });

  it('refuses names outside the contract (no prototype or constructor calls)', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'start']) {
      expect(await dispatch(api, name, [])).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    }
    expect(await dispatch(api, 'getAppInfo', 'not-a-list')).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });
});

/** The LayerLensError a promise rejects with; a promise that resolves fails the test. */
import { expect } from 'vitest';
import { LayerLensError } from '../src/shared/errors';

export async function failure(promise: Promise<unknown>): Promise<LayerLensError> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(LayerLensError);
    return error as LayerLensError;
  }
  throw new Error('expected a failure');
}

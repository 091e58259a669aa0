/** Stands in for one contract method of the real server, to show states the real engine cannot be put in. */
import type { Page } from '@playwright/test';
import type { ApiMethod, LayerLensApi } from '../../src/shared/contract';
import type { ApiErrorData } from '../../src/shared/errors';

type Result<M extends ApiMethod> = Awaited<ReturnType<LayerLensApi[M]>>;

export async function answer<M extends ApiMethod>(page: Page, method: M, result: Result<M>): Promise<void> {
  await page.route(`**/api/call/${method}`, (route) => route.fulfill({ json: { ok: true, result } }));
}

export async function fail(page: Page, method: ApiMethod, error: ApiErrorData): Promise<void> {
  await page.route(`**/api/call/${method}`, (route) => route.fulfill({ json: { ok: false, error } }));
}

/** Every call answers `status` (401, 403) as the request guard would. */
export async function refuseCalls(page: Page, status: number): Promise<void> {
  await page.route('**/api/call/**', (route) => route.fulfill({ status, body: 'refused' }));
}

/** Every call fails at the network level, as when the server has stopped. */
export async function dropCalls(page: Page): Promise<void> {
  await page.route('**/api/call/**', (route) => route.abort('connectionrefused'));
}

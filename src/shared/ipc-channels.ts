import type { ApiMethod } from './contract';

/** IPC channels are named `layerlens:<method>`; events share one channel. */
export const methodChannel = (method: ApiMethod): string => `layerlens:${method}`;
export const eventChannel = 'layerlens:event';

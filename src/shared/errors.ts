/**
 * Error codes that cross every boundary (IPC, HTTP, CLI) as plain data, so each front door can say
 * what happened and what to do about it.
 */
export const errorCodes = [
  'DOCKER_UNREACHABLE',
  'DOCKER_PERMISSION_DENIED',
  'DOCKER_HOST_INVALID',
  'DOCKER_TIMEOUT',
  'IMAGE_NOT_FOUND',
  'ARCHIVE_CORRUPT',
  'INVALID_DOCKERFILE',
  'BUILD_FAILED',
  'CANCELLED',
  'INVALID_ARGUMENT',
  'UNAUTHORIZED',
  'SERVER_UNREACHABLE',
  /** A registry's TLS certificate does not verify (unknown CA, expired, wrong name). */
  'TLS_UNTRUSTED',
  /** A registry answered with an error of its own (rate limit, server error, an inconsistent answer). */
  'REGISTRY_ERROR',
  'INTERNAL',
] as const;

export type ErrorCode = (typeof errorCodes)[number];

/** The wire form of an error. `detail` carries the underlying cause for logs and "show details". */
export interface ApiErrorData {
  code: ErrorCode;
  message: string;
  detail?: string;
}

export class LayerLensError extends Error {
  readonly code: ErrorCode;
  readonly detail?: string;

  constructor(code: ErrorCode, message: string, detail?: string) {
    super(message);
    this.name = 'LayerLensError';
    this.code = code;
    this.detail = detail;
  }

  toData(): ApiErrorData {
    return this.detail === undefined ? { code: this.code, message: this.message } : { code: this.code, message: this.message, detail: this.detail };
  }
}

export function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (errorCodes as readonly string[]).includes(value);
}

/** Any thrown value as wire data; unknown errors become INTERNAL with their message kept as detail. */
export function toErrorData(error: unknown): ApiErrorData {
  if (error instanceof LayerLensError) return error.toData();
  const candidate = error as Partial<ApiErrorData> | undefined;
  if (candidate && isErrorCode(candidate.code) && typeof candidate.message === 'string') {
    return { code: candidate.code, message: candidate.message, detail: candidate.detail };
  }
  const text = error instanceof Error ? error.message : String(error);
  return { code: 'INTERNAL', message: 'An unexpected error occurred.', detail: text };
}

export function fromErrorData(data: ApiErrorData): LayerLensError {
  return new LayerLensError(data.code, data.message, data.detail);
}

/** The one error a cancelled operation ends with, on every path (engine streams, builds, reports). */
export function cancelledError(message = 'The operation was cancelled.'): LayerLensError {
  return new LayerLensError('CANCELLED', message);
}

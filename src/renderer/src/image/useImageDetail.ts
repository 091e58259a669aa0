/** One image's detail (inspect and history): a cancellable operation, so it reports progress and stops when the page goes. */
import type { ImageDetail } from '../../../shared/contract';
import { useOperation, type Operation } from '../hooks/useOperation';

/** Mount under `key={ref}`: the state belongs to one image. */
export function useImageDetail(ref: string): Operation<ImageDetail> {
  return useOperation(ref, (client, operationId) => client.inspectImage(ref, { operationId }));
}

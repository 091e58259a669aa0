/** A fresh id per run of an operation, so a late `cancel` of an earlier run never hits this one. */
export function newOperationId(): string {
  return typeof crypto.randomUUID === 'function' ? crypto.randomUUID() : `op-${Date.now()}-${Math.random().toString(36).slice(2)}`;
}

/**
 * A full garbage collection on demand. Before a big build (a view of a million nodes, ~40 MB) the process
 * may hold as much again in what it has just dropped (an evicted view, an analysis's replay): V8 frees that
 * only once the new build has grown the process, so the peak holds both. Node exposes `gc` only behind a
 * flag; the flag is set here, once, and `gc` read from a new context. Where that fails, nothing is done.
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let collect: (() => void) | undefined | null = null;

export function collectGarbage(): void {
  if (collect === null) {
    try {
      v8.setFlagsFromString('--expose-gc');
      const gc: unknown = vm.runInNewContext('gc');
      collect = typeof gc === 'function' ? (gc as () => void) : undefined;
    } catch {
      collect = undefined;
    }
  }
  collect?.();
}

/**
 * The health of the path between this page and the LayerLens backend. Only the browser front door
 * (`layerlens serve`) can lose its server or its token; under Electron the link is always up.
 */
import { Emitter } from '../../../shared/emitter';

export type LinkState = { kind: 'ok' } | { kind: 'unreachable'; message: string } | { kind: 'unauthorized'; message: string };

export class LinkMonitor {
  private state: LinkState = { kind: 'ok' };
  private readonly emitter = new Emitter<{ change: LinkState }>();

  get = (): LinkState => this.state;

  subscribe = (listener: () => void): (() => void) => this.emitter.on('change', listener);

  set(next: LinkState): void {
    const same = next.kind === this.state.kind && (next.kind === 'ok' || next.message === (this.state as typeof next).message);
    if (same) return;
    this.state = next;
    this.emitter.emit('change', next);
  }
}

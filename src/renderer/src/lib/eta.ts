/**
 * Time left for a phase with a known total, said only once it is stable: a rate over the last few seconds,
 * and an ETA shown only when the finish times it predicts have agreed for a while. An early guess that
 * jumps from "2 min" to "10 s" is worse than none.
 */
const rateWindowMs = 5000;
const minElapsedMs = 3000;
const agreementMs = 1500;

interface Sample {
  at: number;
  done: number;
}

export class EtaEstimator {
  private phase?: string;
  private startedAt = 0;
  private samples: Sample[] = [];
  private finishes: { at: number; finish: number }[] = [];
  private stable = false;

  /** Seconds left, or undefined while there is no stable estimate. `now` in ms. */
  update(phase: string, done: number, total: number | undefined, now: number): number | undefined {
    if (phase !== this.phase) {
      this.phase = phase;
      this.startedAt = now;
      this.samples = [];
      this.finishes = [];
      this.stable = false;
    }
    this.samples.push({ at: now, done });
    while (this.samples.length > 2 && now - this.samples[1].at >= rateWindowMs) this.samples.shift();
    if (!total || done >= total || now - this.startedAt < minElapsedMs) return undefined;
    const first = this.samples[0];
    const seconds = (now - first.at) / 1000;
    const rate = seconds > 0 ? (done - first.done) / seconds : 0;
    if (rate <= 0) return undefined;
    const left = (total - done) / rate;
    this.finishes.push({ at: now, finish: now + left * 1000 });
    while (this.finishes.length > 1 && now - this.finishes[0].at > agreementMs * 2) this.finishes.shift();
    if (!this.stable) {
      const span = now - this.finishes[0].at;
      const times = this.finishes.map((f) => f.finish);
      const spread = Math.max(...times) - Math.min(...times);
      this.stable = span >= agreementMs && spread <= Math.max(2000, 0.2 * left * 1000);
    }
    return this.stable ? left : undefined;
  }
}

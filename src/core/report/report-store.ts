/** Reports built in this process, by id, so the report view (`#/report/<id>`) and exports can find them. */
import { LayerLensError } from '../../shared/errors';
import type { SizeReport } from '../../shared/report';

export class ReportStore {
  private readonly reports = new Map<string, SizeReport>();

  constructor(private readonly capacity = 16) {}

  put(report: SizeReport): void {
    this.reports.delete(report.id);
    this.reports.set(report.id, report);
    while (this.reports.size > this.capacity) this.reports.delete(this.reports.keys().next().value as string);
  }

  get(id: unknown): SizeReport {
    const report = typeof id === 'string' ? this.reports.get(id) : undefined;
    if (!report) {
      throw new LayerLensError('INVALID_ARGUMENT', `No report "${String(id)}" here: reports live until LayerLens restarts. Build it again.`);
    }
    return report;
  }
}

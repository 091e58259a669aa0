/** The report view, its route and the export button (to place on the image, compare and rebuild pages). */
export { ExportReportButton, type ExportReportButtonProps } from './ExportReportButton';
export { isReportHash, parseReportHash, reportHash } from './report-route';
export { ReportRoute } from './ReportRoute';
export { ReportView } from './ReportView';

/** The report view's address: `#/report/<id>?paper=a4|letter` (the PDF printers open it; the app links to it). */
import { isPaperSize, type PaperSize } from '../../../shared/report';

const prefix = '#/report/';

export interface ReportAddress {
  id: string;
  paper: PaperSize;
}

export function isReportHash(hash: string): boolean {
  return hash.startsWith(prefix);
}

export function parseReportHash(hash: string): ReportAddress | undefined {
  if (!isReportHash(hash)) return undefined;
  const [idPart, query = ''] = hash.slice(prefix.length).split('?');
  let id: string;
  try {
    id = decodeURIComponent(idPart);
  } catch {
    return undefined;
  }
  const paper = new URLSearchParams(query).get('paper');
  return id ? { id, paper: isPaperSize(paper) ? paper : 'a4' } : undefined;
}

export function reportHash(id: string, paper: PaperSize = 'a4'): string {
  return `${prefix}${encodeURIComponent(id)}?paper=${paper}`;
}

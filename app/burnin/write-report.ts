import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { type BurninReport, burninReportHtml } from './report-html';

/** Writes the report page and its JSON (the same facts) into `outDir`; returns their paths. */
export async function writeBurninReport(outDir: string, report: BurninReport): Promise<{ html: string; json: string }> {
  await mkdir(outDir, { recursive: true });
  const html = join(outDir, 'report.html');
  const json = join(outDir, 'report.json');
  await writeFile(html, burninReportHtml(report), 'utf8');
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`, 'utf8');
  return { html, json };
}

/** Writes only the page, to a file of its own (`npm run paper -- --report <file.html>`). */
export async function writeReportPage(file: string, report: BurninReport): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, burninReportHtml(report), 'utf8');
}

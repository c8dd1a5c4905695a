// Reading the app's CSV files in the specs: Russian Excel's dialect (BOM, `;`, CRLF between rows,
// `"` quoting with `""`, line breaks and a bare CR possible inside quoted fields).
import fs from 'node:fs';
import type { Download } from '@playwright/test';

/** The rows of a CSV text, each a list of unquoted fields. */
export function parseCsv(text: string): string[][] {
  const s = text.replace(/^\ufeff/, '');
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (quoted) {
      if (ch !== '"') cell += ch;
      else if (s[i + 1] === '"') { cell += '"'; i++; } else quoted = false;
    } else if (ch === '"') quoted = true;
    else if (ch === ';') { row.push(cell); cell = ''; }
    else if (ch === '\r' && s[i + 1] === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; i++; }
    else cell += ch;
  }
  if (cell !== '' || row.length) { row.push(cell); rows.push(row); }
  return rows;
}

/** The rows of a downloaded CSV file. */
export async function downloadedCsv(download: Download): Promise<string[][]> {
  return parseCsv(fs.readFileSync((await download.path())!, 'utf8'));
}

// CSV download in the browser, made for Russian Excel: UTF-8 with BOM, `;` between fields, decimal
// comma, no thousands separators (so the numbers stay numbers), quotes where needed.

type Cell = string | number | null | undefined;

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 100) / 100).replace('.', ',') : v;
  return /[";\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** CSV text of rows (the first row is the header). */
export function toCsvText(rows: Cell[][]): string {
  return `\ufeff${rows.map((r) => r.map(cell).join(';')).join('\r\n')}\r\n`;
}

/** Offer rows as a CSV file download. */
export function downloadCsv(fileName: string, rows: Cell[][]): void {
  const blob = new Blob([toCsvText(rows)], { type: 'text/csv;charset=utf-8' });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

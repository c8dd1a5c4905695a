// CSV download in the browser, made for Russian Excel: UTF-8 with BOM, `;` between fields, decimal
// comma, no thousands separators (so the numbers stay numbers), quotes where needed.
//
// Formula injection (OWASP "CSV Injection"): Excel and LibreOffice read a cell that starts with `=`,
// `+`, `-` or `@` as a formula (and some skip a leading tab or CR before one), so a client named
// `=HYPERLINK(…)` would become a live link or command in every export. A text cell starting with
// one of these six gets a leading `'`, which makes the spreadsheet keep it as text. Numbers are passed
// as JS numbers and written plain, negative ones included; text that merely looks like a negative
// number ("-5") is text and is prefixed. The DuckDB-built ABC/XYZ CSV (lib/abc/abc-xyz.ts csvText)
// binds this same list, so there is one rule.

type Cell = string | number | null | undefined;

/** A text cell whose first character is one of these is written with a leading `'`. */
export const CSV_FORMULA_CHARS: readonly string[] = ['=', '+', '-', '@', '\t', '\r'];

function cell(v: Cell): string {
  if (v === null || v === undefined) return '';
  const s = typeof v === 'number' ? String(Math.round(v * 100) / 100).replace('.', ',') : CSV_FORMULA_CHARS.includes(v.charAt(0)) ? `'${v}` : v;
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

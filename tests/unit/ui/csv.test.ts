// The one CSV rule every export follows (components/ui/csv.ts): a text cell that a spreadsheet
// would read as a formula (OWASP "CSV Injection": = + - @ tab CR first) gets a leading `'`; numbers
// stay plain numbers, negative ones included; quoting and the Excel dialect are unchanged.
import { describe, expect, it } from 'vitest';
import { toCsvText } from '@/components/ui/csv';

/** The CSV of one row, without the BOM and the line end. */
const line = (...cells: Array<string | number | null>) => toCsvText([cells]).replace(/^\ufeff/, '').replace(/\r\n$/, '');

describe('toCsvText: formula injection', () => {
  it.each([
    ['=HYPERLINK("http://x","y")', `"'=HYPERLINK(""http://x"",""y"")"`],
    ['+cmd', "'+cmd"],
    ['@SUM(A1)', "'@SUM(A1)"],
    ['-2+3', "'-2+3"],
    ['\tx', "'\tx"],
    // CR also makes the cell quoted (a line break inside a field).
    ['\rx', `"'\rx"`],
    // Text that looks like a negative number is text: prefixed, so Excel keeps it as written.
    ['-5', "'-5"],
    ['=1;2', `"'=1;2"`],
  ])('text %j → %s', (v, want) => expect(line(v)).toBe(want));

  it.each([
    ['ООО «Ромашка»', 'ООО «Ромашка»'],
    ['a=b', 'a=b'],
    [' =1', ' =1'],
    ['—', '—'],
    ['', ''],
  ])('text %j stays %s', (v, want) => expect(line(v)).toBe(want));

  it.each([
    [-5, '-5'],
    [-1234.567, '-1234,57'],
    [-0.5, '-0,5'],
    [42, '42'],
    [0, '0'],
  ])('number %d → %s (a number, never prefixed)', (v, want) => expect(line(v)).toBe(want));

  it('keeps the Excel dialect: BOM, `;`, CRLF, empty for null', () => {
    expect(toCsvText([['Клиент', 'Сумма'], ['+7 495', -10], [null, 1.5]])).toBe("\ufeffКлиент;Сумма\r\n'+7 495;-10\r\n;1,5\r\n");
  });
});

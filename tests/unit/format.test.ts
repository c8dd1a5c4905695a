import { describe, expect, it } from 'vitest';
import {
  formatNumber,
  pluralRu,
  formatCompact, formatDate, formatDateTime, formatDay, formatDurationMs, formatInt, formatMoney, formatMoneyCompact, formatMonthShort, formatPct, formatPeriodGenitive,
  formatPersonShort, formatPhone, formatRoubles, formatShare, NBSP, telHref,
} from '@/lib/format';
import { t } from '@/lib/i18n/ru';

const s = (x: string) => x.replaceAll(' ', NBSP); // write expectations with plain spaces

describe('format', () => {
  it.each([
    [1234567.89, s('1 234 567,89 ₽')],
    ['1234567.89', s('1 234 567,89 ₽')],
    [0, s('0,00 ₽')],
    [999.5, s('999,50 ₽')],
    [1234, s('1 234,00 ₽')],
    [null, '—'],
    ['abc', '—'],
  ])('money %s → %s', (v, want) => expect(formatMoney(v)).toBe(want));

  it('uses U+00A0 and nothing else as the space', () => {
    expect(formatMoney(1234567.89)).toBe('1\u00a0234\u00a0567,89\u00a0₽');
    expect(formatPct(63.4)).toBe('63,4\u00a0%');
  });

  it.each([
    [63.4, s('63,4 %')],
    [100, s('100,0 %')],
    [0.04, s('0,0 %')],
    [1234.56, s('1 234,6 %')],
    [undefined, '—'],
  ])('percent %s → %s', (v, want) => expect(formatPct(v)).toBe(want));

  it('percent with other digits', () => expect(formatPct(63.456, 2)).toBe(s('63,46 %')));

  it.each([
    [1234, s('1 234')],
    ['1234567', s('1 234 567')],
    [12n, '12'],
    [7, '7'],
    [1234.6, s('1 235')],
  ])('int %s → %s', (v, want) => expect(formatInt(v)).toBe(want));

  it('date: ISO date is shown as is, without a time zone shift', () => {
    expect(formatDate('2026-11-22')).toBe('22.11.2026');
    expect(formatDate('2026-01-01', 'America/Los_Angeles')).toBe('01.01.2026');
    expect(formatDate(null)).toBe('—');
  });

  it('date of an instant is taken in the company zone', () => {
    // 22:30 UTC is already the next day in Moscow (UTC+3)
    expect(formatDate(new Date('2026-11-21T22:30:00Z'), 'Europe/Moscow')).toBe('22.11.2026');
  });

  it('date-time: a naive timestamp is company-local already', () => {
    expect(formatDateTime('2026-11-22 12:30:00')).toBe('22.11.2026 12:30');
    expect(formatDateTime('2026-11-22T07:05')).toBe('22.11.2026 07:05');
  });

  it('date-time: an instant is converted into the company zone', () => {
    expect(formatDateTime(new Date('2026-11-22T09:30:00Z'), 'Europe/Moscow')).toBe('22.11.2026 12:30');
    expect(formatDateTime('2026-11-22 09:30:00+00', 'Europe/Moscow')).toBe('22.11.2026 12:30');
    expect(formatDateTime('2026-11-22T09:30:00Z', 'Asia/Yekaterinburg')).toBe('22.11.2026 14:30');
    expect(formatDateTime('garbage')).toBe('—');
  });

  it('duration', () => expect(formatDurationMs(12345)).toBe(s('12,3 с')));
});

describe('formatMoneyCompact (tiles)', () => {
  it('shortens to thousands and millions with one decimal, no-break spaces, ₽', () => {
    expect(formatMoneyCompact(15_330_145)).toBe('15,3\u00a0млн\u00a0₽');
    expect(formatMoneyCompact(870_400)).toBe('870,4\u00a0тыс.\u00a0₽');
    expect(formatMoneyCompact(1_200_000_000)).toBe('1,2\u00a0млрд\u00a0₽');
    expect(formatMoneyCompact(950)).toBe('950\u00a0₽');
    expect(formatMoneyCompact('-2500000.00')).toBe('-2,5\u00a0млн\u00a0₽');
    expect(formatMoneyCompact(null)).toBe('—');
  });
  it('never holds a breakable space', () => {
    for (const v of [1, 999, 1234, 15_330_145, 9.99e11]) expect(formatMoneyCompact(v)).not.toMatch(/ /);
  });
});

describe('Russian forms', () => {
  it('a full name in the neutral short form', () => {
    expect(formatPersonShort('Щербаков Олег Андреевич')).toBe('Щербаков О.\u00a0А.');
    expect(formatPersonShort('  Щербаков   Олег ')).toBe('Щербаков О.');
    expect(formatPersonShort('Щербаков')).toBe('Щербаков');
    expect(formatPersonShort('Щербаков О. А.')).toBe('Щербаков О. А.');
    expect(formatPersonShort('ООО Ромашка Плюс Групп')).toBe('ООО Ромашка Плюс Групп');
  });
  it('a month in the genitive', () => {
    expect(formatPeriodGenitive('2026-12')).toBe('декабря 2026');
    expect(formatPeriodGenitive('2026-05')).toBe('мая 2026');
    expect(formatPeriodGenitive('2026-Q4')).toBe('IV кв.\u00a02026');
  });
  it('row counts agree with their number', () => {
    expect(t.kpi.csvAll(71)).toBe('Скачать 71 строку (CSV)');
    expect(t.kpi.csvAll(3)).toBe('Скачать 3 строки (CSV)');
    expect(t.kpi.csvAll(1111)).toBe('Скачать 1\u00a0111 строк (CSV)');
  });
});

describe('formatDay (issue 19: a date from another year carries its year)', () => {
  it.each([
    ['2026-02-10', '2026-11-20', '10.02'],
    ['2025-02-10', '2026-11-20', '10.02.2025'],
    ['2027-01-05', '2026-12-30', '05.01.2027'],
    ['2026-11-12T10:00:00', '2026-11-20', '12.11'],
    ['2025-04-17 09:30:00', '2026-11-20', '17.04.2025'],
    [null, '2026-11-20', '—'],
  ])('%s as of %s → %s', (v, today, want) => expect(formatDay(v, today)).toBe(want));
});

describe('money: one rule', () => {
  it('kopecks, whole roubles, compact, and an axis number, all with no-break spaces', () => {
    expect(formatMoney(1234.5)).toBe(s('1 234,50 ₽'));
    expect(formatRoubles(1234.5)).toBe(s('1 235 ₽'));
    expect(formatRoubles('600.00')).toBe(s('600 ₽'));
    expect(formatMoneyCompact(12_345_678)).toBe(s('12,3 млн ₽'));
    expect(formatCompact(12_345_678)).toBe(s('12,3 млн'));
    expect(formatCompact(870_000)).toBe(s('870 тыс.'));
    expect(formatCompact(950)).toBe('950');
    expect(formatCompact(null)).toBe('—');
  });
});

describe('formatShare (growth × share: small shares stay apart)', () => {
  it.each([
    [0.14, s('0,14 %')],
    [0.2, s('0,2 %')],
    [0.137, s('0,14 %')],
    [0.0052, s('0,0052 %')],
    [0.996, s('1,0 %')],
    [1.44, s('1,4 %')],
    [12.345, s('12,3 %')],
    [0, s('0 %')],
    [null, '—'],
  ])('%s → %s', (v, want) => expect(formatShare(v)).toBe(want));
  it('0,14 % and 0,2 % no longer read the same (formatPct gives «0,1 %» and «0,2 %»)', () => {
    expect(new Set([0.14, 0.16, 0.2, 0.24].map((v) => formatShare(v))).size).toBe(4);
  });
});

describe('formatPhone', () => {
  it.each([
    ['89123456789', '+7 (912) 345-67-89'],
    ['+79123456789', '+7 (912) 345-67-89'],
    ['79123456789', '+7 (912) 345-67-89'],
    ['8 912 345-67-89', '+7 (912) 345-67-89'],
    ['+7 (912) 345-67-89', '+7 (912) 345-67-89'],
    ['8-495-123-45-67', '+7 (495) 123-45-67'],
    ['912 345 67 89', '+7 (912) 345-67-89'],
    ['+7 900 222-22-22', '+7 (900) 222-22-22'],
  ])('%s → %s', (v, want) => expect(formatPhone(v)).toBe(s(want)));
  it.each([
    ['+49 30 1234567'], ['+380 44 123 4567'], ['12-34-56'], ['8 912 345-67-89 доб. 12'], ['+8 912 345 67 89'], ['нет'],
  ])('not a Russian number: %s as written', (v) => expect(formatPhone(v)).toBe(v));
  it('empty is a dash; the tel: address dials what is shown', () => {
    expect(formatPhone(null)).toBe('—');
    expect(formatPhone('  ')).toBe('—');
    expect(telHref('8 (912) 345-67-89')).toBe('tel:+79123456789');
    expect(telHref('+49 30 1234567')).toBe('tel:+49301234567');
  });
});

describe('formatMonthShort (chart axes)', () => {
  it('short names, the year when asked', () => {
    expect(formatMonthShort('2026-02')).toBe('фев');
    expect(formatMonthShort('2026-01', true)).toBe(s('янв 2026'));
    expect(formatMonthShort('2026-11-01')).toBe('ноя');
    expect(formatMonthShort('x')).toBe('x');
  });
});

describe('pluralRu (Intl.PluralRules ru)', () => {
  const forms = ['оплата', 'оплаты', 'оплат'] as const;
  it.each([
    [0, 'оплат'], [1, 'оплата'], [2, 'оплаты'], [4, 'оплаты'], [5, 'оплат'], [11, 'оплат'], [12, 'оплат'], [14, 'оплат'],
    [21, 'оплата'], [22, 'оплаты'], [101, 'оплата'], [111, 'оплат'], [1.5, 'оплаты'], [-1, 'оплата'],
  ])('%s → %s', (n, want) => {
    expect(pluralRu(n, forms)).toBe(want);
  });
});

describe('formatNumber', () => {
  it('a plain decimal with a comma, no sign or unit; null is a dash', () => {
    expect(formatNumber(3.74)).toBe('3,7');
    expect(formatNumber(1234.5, 2)).toBe('1\u00a0234,50');
    expect(formatNumber(-0.25)).toBe('-0,3');
    expect(formatNumber(null)).toBe('—');
  });
});

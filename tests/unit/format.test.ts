import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDurationMs, formatInt, formatMoney, formatMoneyCompact, formatPct, formatPeriodGenitive, formatPersonShort, NBSP } from '@/lib/format';
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

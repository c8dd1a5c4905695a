import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatDurationMs, formatInt, formatMoney, formatPct, NBSP } from '@/lib/format';

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

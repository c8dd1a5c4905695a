// A date in a URL parameter (lib/metrics/period.ts dateParamSchema): ISO, as links carry it, or
// ДД.ММ.ГГГГ, as the date fields show and submit it (issue 19); anything else fails, as before.
import { describe, expect, it } from 'vitest';
import { dateParamSchema } from '@/lib/metrics/period';

describe('dateParamSchema', () => {
  it('takes ISO and Russian dates alike', () => {
    expect(dateParamSchema.parse('2026-11-19')).toBe('2026-11-19');
    expect(dateParamSchema.parse('19.11.2026')).toBe('2026-11-19');
    expect(dateParamSchema.parse(' 1.2.2026 ')).toBe('2026-02-01');
  });
  it('refuses dates that are not in the calendar, or in another shape', () => {
    for (const bad of ['30.02.2026', '2026-02-30', '11/19/2026', '19.11.26', '19-11-2026', '']) {
      expect(dateParamSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

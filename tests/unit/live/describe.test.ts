import { describe, expect, it } from 'vitest';
import { NBSP, pluralRu } from '@/lib/format';
import { describeChanges, describeLoad } from '@/lib/live/describe';

const forms = ['оплата', 'оплаты', 'оплат'] as const;

describe('pluralRu', () => {
  it.each([[1, 'оплата'], [2, 'оплаты'], [4, 'оплаты'], [5, 'оплат'], [11, 'оплат'], [12, 'оплат'], [14, 'оплат'], [21, 'оплата'], [22, 'оплаты'],
    [101, 'оплата'], [111, 'оплат'], [1834, 'оплаты'], [0, 'оплат']])('%i → %s', (n, w) => {
    expect(pluralRu(n, forms)).toBe(w);
  });
});

describe('load notice', () => {
  it('says what arrived, payments first, with the time in company time', () => {
    // 09:31 UTC is 12:31 in Moscow (COMPANY_TZ default).
    const s = describeLoad({ extractId: '2026-11-20T12-30', outcome: 'applied', changed: { invoices: 12, payments: 1834 }, at: '2026-11-20T09:31:00Z' });
    expect(s).toBe(`Новые данные: +1${NBSP}834 оплаты, +12 счетов · 12:31`);
  });
  it('an applied load that changed nothing, a rejected and a refused one', () => {
    expect(describeLoad({ extractId: 'x', outcome: 'applied', changed: {}, at: '2026-11-20T09:31:00Z' })).toBe('Выгрузка применена, изменений нет · 12:31');
    expect(describeLoad({ extractId: '2026-11-21T08-00', outcome: 'rejected', changed: {}, at: '2026-11-20T09:31:00Z' })).toMatch(/^Выгрузка 2026-11-21T08-00 отклонена/);
    expect(describeLoad({ extractId: 'y', outcome: 'refused', changed: {}, at: '2026-11-20T09:31:00Z' })).toMatch(/не принята/);
  });
  it('lists at most three tables, unknown ones by name', () => {
    expect(describeChanges({ usage: 5, payments: 1, acts: 2, zzz: 3 })).toBe('+1 оплата, +2 акта, +5 событий сервиса');
    expect(describeChanges({ zzz: 3 })).toBe('+3 zzz');
  });
});

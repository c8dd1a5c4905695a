// The suggested contact type (metrics.md "Preparation checklist": the rules in order) as a pure
// function of the facts: each rule on its own, the order between them, and the Russian reason.
import { describe, expect, it } from 'vitest';
import { NBSP } from '@/lib/format';
import { formatDay } from '@/lib/format';
import { ACT_RETURN_GRACE_DAYS, suggestContactType, usageHalved, type SuggestionFacts } from '@/lib/prep/suggest';

const D = '2026-11-20';
const none: SuggestionFacts = {
  openThreats: [],
  overdueInvoices: { count: 0, amount: 0, oldestDueOn: null },
  unreturnedActs: { count: 0, oldestIssuedOn: null, oldestPeriod: null },
  usage: { current: 10, previous: 10, days: 28 },
  planned: null,
};
const f = (over: Partial<SuggestionFacts>): SuggestionFacts => ({ ...none, ...over });

describe('suggestContactType', () => {
  it.each([
    ['disconnect', 'disconnect_threat', 'открытая угроза отключения с 12.11'],
    ['competitor', 'competitor_threat', 'открытая угроза ухода к конкуренту с 12.11'],
    ['complaint', 'complaint', 'открытая жалоба с 12.11'],
  ] as const)('an open %s threat → %s', (kind, type, reason) => {
    expect(suggestContactType(f({ openThreats: [{ kind, raisedAt: '2026-11-12T10:00:00' }] }), D)).toEqual({ type, rule: 'threat', reason });
  });

  it('several open threats: the gravest kind, then the oldest', () => {
    const s = suggestContactType(f({
      openThreats: [
        { kind: 'complaint', raisedAt: '2026-11-01T10:00:00' },
        { kind: 'competitor', raisedAt: '2026-11-15T10:00:00' },
        { kind: 'competitor', raisedAt: '2026-11-10T10:00:00' },
      ],
    }), D);
    expect(s.type).toBe('competitor_threat');
    expect(s.reason).toBe('открытая угроза ухода к конкуренту с 10.11');
  });

  it('a threat wins over debt, acts, usage and a plan', () => {
    const s = suggestContactType(f({
      openThreats: [{ kind: 'complaint', raisedAt: '2025-12-30T10:00:00' }],
      overdueInvoices: { count: 1, amount: 100, oldestDueOn: '2026-10-10' },
      unreturnedActs: { count: 1, oldestIssuedOn: '2026-09-30', oldestPeriod: '2026-09' },
      usage: { current: 0, previous: 50, days: 28 },
      planned: { contactType: 'renewal', plannedOn: '2026-11-25' },
    }), D);
    expect(s).toEqual({ type: 'complaint', rule: 'threat', reason: 'открытая жалоба с 30.12.2025' });
  });

  it('an overdue invoice → payment_delay, with the debt and the oldest due day', () => {
    expect(suggestContactType(f({ overdueInvoices: { count: 1, amount: 600, oldestDueOn: '2026-10-10' } }), D)).toEqual({
      type: 'payment_delay', rule: 'overdueInvoice', reason: `просрочен счёт: срок оплаты 10.10, долг 600${NBSP}₽`,
    });
    const two = suggestContactType(f({
      overdueInvoices: { count: 2, amount: 12500, oldestDueOn: '2026-09-10' },
      unreturnedActs: { count: 3, oldestIssuedOn: '2026-09-30', oldestPeriod: '2026-09' },
    }), D);
    expect(two.rule).toBe('overdueInvoice');
    expect(two.reason).toBe(`просрочено счетов: 2, долг 12${NBSP}500${NBSP}₽, самый ранний срок 10.09; не возвращено актов: 3`);
  });

  it('unreturned acts → payment_delay', () => {
    expect(suggestContactType(f({ unreturnedActs: { count: 1, oldestIssuedOn: '2026-10-30', oldestPeriod: '2026-10' } }), D)).toEqual({
      type: 'payment_delay', rule: 'unreturnedActs', reason: 'не возвращён акт за октябрь 2026 (выставлен 30.10)',
    });
    expect(suggestContactType(f({ unreturnedActs: { count: 2, oldestIssuedOn: '2026-09-30', oldestPeriod: '2026-09' } }), D).reason)
      .toBe('не возвращено актов: 2, самый старый за сентябрь 2026 (выставлен 30.09)');
    expect(ACT_RETURN_GRACE_DAYS).toBeGreaterThan(0);
  });

  it('usage down by half or more → low_usage; less than half is not', () => {
    expect(suggestContactType(f({ usage: { current: 10, previous: 20, days: 28 } }), D)).toEqual({
      type: 'low_usage', rule: 'lowUsage', reason: `использование упало на 50${NBSP}% (за 28 дн. против 28 дн. до этого)`,
    });
    expect(suggestContactType(f({ usage: { current: 0, previous: 3, days: 40 } }), D).reason)
      .toBe(`использование упало на 100${NBSP}% (за 40 дн. против 40 дн. до этого)`);
    expect(suggestContactType(f({ usage: { current: 11, previous: 20, days: 28 } }), D).type).toBe('regular');
    // Nothing before: no fall to speak of.
    expect(usageHalved({ current: 0, previous: 0, days: 28 })).toBe(false);
  });

  it('usage wins over a planned contact; debt wins over usage', () => {
    const low = { usage: { current: 1, previous: 10, days: 28 } };
    expect(suggestContactType(f({ ...low, planned: { contactType: 'renewal', plannedOn: '2026-11-25' } }), D).type).toBe('low_usage');
    expect(suggestContactType(f({ ...low, overdueInvoices: { count: 1, amount: 5, oldestDueOn: '2026-11-01' } }), D).type).toBe('payment_delay');
  });

  it("a planned interaction's own type, said when it is", () => {
    const at = (plannedOn: string) => suggestContactType(f({ planned: { contactType: 'renewal', plannedOn } }), D);
    expect(at('2026-11-25')).toEqual({ type: 'renewal', rule: 'planned', reason: 'контакт запланирован на 25.11' });
    expect(at(D).reason).toBe('контакт запланирован на сегодня');
    expect(at('2026-11-16').reason).toBe('контакт был запланирован на 16.11 и не состоялся');
    expect(suggestContactType(f({ planned: { contactType: 'first_meeting', plannedOn: '2027-01-12' } }), D).reason).toBe('контакт запланирован на 12.01.2027');
  });

  it('otherwise regular', () => {
    expect(suggestContactType(none, D)).toEqual({ type: 'regular', rule: 'default', reason: 'угроз, долгов и спада использования нет — плановый контакт' });
  });

  it('dates in reasons drop the year of D only (lib/format formatDay)', () => {
    expect(formatDay('2026-03-05', D)).toBe('05.03');
    expect(formatDay('2025-03-05T10:00:00', D)).toBe('05.03.2025');
    const r = suggestContactType({ ...none, overdueInvoices: { count: 1, amount: 600, oldestDueOn: '2025-02-10' } }, D);
    expect(r.reason).toContain('срок оплаты 10.02.2025');
  });
});

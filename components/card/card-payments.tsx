// Payments and acts for the last 12 periods as known on D (lib/clients/card-payments.ts): billed,
// collected, payment %, invoices paid on time / late / unpaid (count and ₽), acts returned. Newest
// period first, the 12-month total below. Tablets and phones get one card per period (data-label,
// .stack-tablet), and a period with nothing in it shrinks to its name.
import type { CardPaymentFigures, CardPayments } from '@/lib/clients/card-payments';
import { ScrollBox } from '@/components/tables/table-kit';
import { formatDate, formatInt, formatMoney, formatPct, formatPeriod } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './card.module.css';

const k = t.card;
const col = k.payCols;
const dash = t.common.dash;

function countAmount(n: number, amount: number): string {
  return n === 0 ? dash : k.countAmount(formatInt(n), formatMoney(amount));
}

/** A value with an optional second line, as one flex child (phones lay a cell out as label | value). */
function TwoLines({ main, sub }: { main: string; sub: string | null }) {
  return (
    <span className={s.twoLines}>
      <span className="nowrap">{main}</span>
      {sub && <span className="small nowrap">{sub}</span>}
    </span>
  );
}

function Cells({ f }: { f: CardPaymentFigures }) {
  const actsMissing = f.acts.notReturned > 0;
  return (
    <>
      <td data-label={col.billed} className="num nowrap">{f.invoices === 0 ? dash : formatMoney(f.billed)}</td>
      <td data-label={col.collected} className="num nowrap">{f.invoices === 0 ? dash : formatMoney(f.collected)}</td>
      <td data-label={col.pct} className="num nowrap">{formatPct(f.paymentPct)}</td>
      <td data-label={col.onTime} className="num nowrap">{countAmount(f.onTime.count, f.onTime.amount)}</td>
      <td data-label={col.late} className="num">
        <TwoLines main={countAmount(f.late.count, f.late.amount)} sub={f.late.maxDays !== null ? k.daysLate(formatInt(f.late.maxDays)) : null} />
      </td>
      <td data-label={col.unpaid} className={`num ${f.unpaid.overdueCount > 0 ? 'warn' : ''}`}>
        <TwoLines main={countAmount(f.unpaid.count, f.unpaid.amount)}
          sub={f.unpaid.overdueCount > 0 ? k.overdueOf(formatInt(f.unpaid.overdueCount), formatInt(f.unpaid.maxDaysOverdue)) : null} />
      </td>
      <td data-label={col.acts} className={`num ${actsMissing ? 'warn' : ''}`}>
        <TwoLines main={f.acts.issued === 0 ? dash : k.actsOf(formatInt(f.acts.returned), formatInt(f.acts.issued))}
          sub={actsMissing ? k.actsMissing(formatInt(f.acts.notReturned), formatDate(f.acts.oldestNotReturnedOn)) : null} />
      </td>
    </>
  );
}

export function CardPaymentsTable({ payments }: { payments: CardPayments }) {
  const rows = [...payments.periods].reverse();
  return (
    <section className={s.section} aria-labelledby="card-payments">
      <h2 id="card-payments">{k.sections.payments}</h2>
      <ScrollBox className="table-wrap">
        <table className={`table stack-tablet ${s.payTable}`} data-testid="card-payments">
          <thead>
            <tr>
              <th scope="col">{col.period}</th>
              <th scope="col" className="num">{col.billed}</th>
              <th scope="col" className="num">{col.collected}</th>
              <th scope="col" className="num">{col.pct}</th>
              <th scope="col" className="num">{col.onTime}</th>
              <th scope="col" className="num">{col.late}</th>
              <th scope="col" className="num">{col.unpaid}</th>
              <th scope="col" className="num">{col.acts}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((p) => (
              <tr key={p.period} className={p.invoices === 0 && p.acts.issued === 0 ? s.emptyRow : undefined}>
                <td className="title-cell nowrap">{formatPeriod(p.period)}</td>
                <Cells f={p} />
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" className="title-cell">{k.total12}</th>
              <Cells f={payments.total} />
            </tr>
          </tfoot>
        </table>
      </ScrollBox>
      <p className={`muted small ${s.payNote}`}>{k.payNote}</p>
    </section>
  );
}

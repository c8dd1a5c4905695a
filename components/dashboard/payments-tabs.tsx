// Tabs of the payment views (board, calls, debtors, acts, forecast accuracy); the period, date and team travel along.
import Link from 'next/link';
import { t } from '@/lib/i18n/ru';
import { paymentsHref, type PaymentsLinkState } from '@/app/(dashboard)/payments/href';

const tabs = [
  { key: 'board', path: '/payments' },
  { key: 'calls', path: '/payments/calls' },
  { key: 'debtors', path: '/payments/debtors' },
  { key: 'acts', path: '/payments/acts' },
  { key: 'accuracy', path: '/payments/accuracy' },
] as const;

export function PaymentsTabs({ current, p }: { current: (typeof tabs)[number]['key']; p: PaymentsLinkState }) {
  const keep = { period: p.period, asOf: p.asOf, latestAsOf: p.latestAsOf, team: p.team };
  return (
    <nav className="tabs" aria-label={t.payments.title}>
      {tabs.map((x) => (
        <Link key={x.key} href={paymentsHref(keep, x.path)} className={x.key === current ? 'tab active' : 'tab'} aria-current={x.key === current ? 'page' : undefined}>
          {t.payments.tabs[x.key]}
        </Link>
      ))}
    </nav>
  );
}

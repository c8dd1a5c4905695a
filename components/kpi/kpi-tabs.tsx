// Tabs of the KPI views (Показатели, Нагрузка); the period, date and team travel along.
import Link from 'next/link';
import { t } from '@/lib/i18n/ru';
import { kpiHref, type KpiLinkState } from './href';

const tabs = [
  { key: 'board', path: '/kpi' },
  { key: 'load', path: '/kpi/load' },
] as const;

export function KpiTabs({ current, s }: { current: (typeof tabs)[number]['key']; s: KpiLinkState }) {
  const keep: KpiLinkState = { period: s.period, asOf: s.asOf, latestAsOf: s.latestAsOf, team: s.team };
  return (
    <nav className="tabs" aria-label={t.kpi.title}>
      {tabs.map((x) => (
        <Link key={x.key} href={kpiHref(keep, x.path)}
          className={x.key === current ? 'tab active' : 'tab'} aria-current={x.key === current ? 'page' : undefined}>
          {t.kpi.tabs[x.key]}
        </Link>
      ))}
    </nav>
  );
}

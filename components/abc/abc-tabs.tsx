// Tabs of the ABC/XYZ views (matrix, transitions) and the link to the growth × share view; the
// view's parameters travel along.
import Link from 'next/link';
import { t } from '@/lib/i18n/ru';

export function AbcTabs({ current, query }: { current: 'matrix' | 'transitions'; query: string }) {
  const tabs = [
    { key: 'matrix', href: `/abc-xyz${query}` },
    { key: 'transitions', href: `/abc-xyz/transitions${query}` },
  ] as const;
  return (
    <nav className="tabs" aria-label={t.abc.title}>
      {tabs.map((x) => (
        <Link key={x.key} href={x.href} className={x.key === current ? 'tab active' : 'tab'} aria-current={x.key === current ? 'page' : undefined}>
          {t.abc.tabs[x.key]}
        </Link>
      ))}
      <Link href={`/bcg${query}`} className="tab">{t.abc.toBcg}</Link>
    </nav>
  );
}

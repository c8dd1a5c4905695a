// «Как считается»: a small link from a figure to its definition in docs/metrics.md, shown at
// /help/metrics#<anchor> (app/(dashboard)/help/[doc]/page.tsx). Inline and 0.75rem, so it fits in
// a tile's label or sub-line without moving the figure; its title and accessible name say which
// figure it explains. Usage: <HowLink anchor={METRIC_DOCS.paymentPct} /> (lib/docs/anchors.ts).
// No hooks: it renders in server and client components alike.
import Link from 'next/link';
import s from '@/components/docs/how-link.module.css';
import { metricDocHref, type MetricDoc } from '@/lib/docs/anchors';
import { t } from '@/lib/i18n/ru';

export function HowLink({ anchor, className }: { anchor: MetricDoc; className?: string }) {
  const label = t.docs.howTitle(t.docs.metricNames[anchor]);
  return (
    <Link href={metricDocHref(anchor)} prefetch={false} className={className ? `${s.how} ${className}` : s.how} title={label} aria-label={label}>
      {t.docs.how}
    </Link>
  );
}

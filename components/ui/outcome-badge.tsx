import { t } from '@/lib/i18n/ru';

/** A load's outcome as a coloured badge (applied / unchanged / rejected / refused). */
export function OutcomeBadge({ outcome }: { outcome: string }) {
  return <span className={`badge outcome-${outcome}`}>{t.outcome[outcome] ?? outcome}</span>;
}

'use client';
// The filter form of a view, kept in the URL: a plain GET form (works without JavaScript). It is
// remade whenever the URL changes, so its controls always show the state the page is in: a drill-
// down or a crumb is a client-side navigation, and uncontrolled fields would otherwise keep the
// values they had before it (issue 19: «Все отделы» after a drill-down to a team). While the next
// page loads, the form is marked busy and its button says so.
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { useEffect, useState } from 'react';
import { formatPersonShort } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

export function FilterForm({ label, children }: { label: string; children: React.ReactNode }) {
  const pathname = usePathname();
  const state = useSearchParams().toString();
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setBusy(false);
    // Back to this page from the browser's cache: nothing is loading any more.
    const reset = () => setBusy(false);
    window.addEventListener('pageshow', reset);
    return () => window.removeEventListener('pageshow', reset);
  }, [state]);
  return (
    <form key={`${pathname}?${state}`} method="get" action={pathname} className="filters" aria-label={label}
      aria-busy={busy || undefined} onSubmit={() => setBusy(true)}>
      {children}
      <div className="filter-actions">
        <button type="submit" className="button small" disabled={busy}>{busy ? t.common.loading : t.common.show}</button>
        <Link className="button small" href={pathname}>{t.common.reset}</Link>
      </div>
    </form>
  );
}

/** A chosen specialist shown among the filters, with a link that drops it (kept in the form as a hidden field). */
export function SpecialistFilter({ id, name, clearHref }: { id: string; name: string | null; clearHref: string }) {
  return (
    <div className="filter">
      <span>{t.common.specialist}</span>
      <span className="filter-chip" data-testid="filter-specialist" title={name ?? id}>
        <span>{name ? formatPersonShort(name) : id}</span>
        <Link href={clearHref} aria-label={t.common.dropSpecialist(name ?? id)} title={t.common.dropSpecialist(name ?? id)}>×</Link>
      </span>
      <input type="hidden" name="specialist" value={id} />
    </div>
  );
}

/** onChange of a team select: a specialist chosen before belongs to the old team, so it goes. */
export function submitTeamChange(e: React.ChangeEvent<HTMLSelectElement>): void {
  e.currentTarget.form?.querySelector('input[name="specialist"]')?.remove();
  e.currentTarget.form?.requestSubmit();
}

/** onChange of any other field: apply at once. */
export function submitChange(e: React.ChangeEvent<HTMLSelectElement | HTMLInputElement>): void {
  e.currentTarget.form?.requestSubmit();
}

/** onCommit of a date field: apply at once. */
export function commitDate(input: HTMLInputElement): void {
  input.form?.requestSubmit();
}

// The signed-in shell: who is signed in, how fresh the data is, and the section menu.
import type { ReactNode } from 'react';
import { AppShell } from '@/components/dashboard/app-shell';
import { navItems, overviewItem } from '@/components/dashboard/nav-items';
import { requirePageCaller } from '@/lib/auth/session';
import { formatDate, formatDateTime } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { LiveUpdates } from '@/components/live/live-updates';
import { getLatestAsOf, getOpenLoadProblem } from '@/lib/loads';

export default async function DashboardLayout({ children }: { children: ReactNode }) {
  const { user } = await requirePageCaller();
  const [latest, problem] = await Promise.all([getLatestAsOf(), user.role === 'head' ? getOpenLoadProblem(user) : Promise.resolve(null)]);
  // "данные на <as_of> <load finish time>": the business date the data is complete up to, and
  // when that extract's load finished (company time).
  const asOf = latest
    ? {
        text: t.shell.asOf(latest.finishedAt ? `${formatDate(latest.asOf)} ${formatDateTime(latest.finishedAt).slice(11)}` : formatDate(latest.asOf)),
        title: t.shell.asOfTitle(formatDate(latest.asOf), formatDateTime(latest.finishedAt)),
        missing: false,
      }
    : { text: t.shell.noAsOf, missing: true };
  const items = user.role === 'executive' ? [overviewItem, ...navItems] : navItems;
  return (
    <AppShell items={items} userName={user.displayName ?? user.login} roleLabel={t.roles[user.role]} asOf={asOf}>
      <LiveUpdates isHead={user.role === 'head'} problem={problem} />
      {children}
    </AppShell>
  );
}

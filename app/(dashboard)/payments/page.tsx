// /payments - planned view; says so plainly until it is built.
import type { Metadata } from 'next';
import { ComingSoon } from '@/components/ui/coming-soon';
import { requirePageScope } from '@/lib/auth/session';
import { t } from '@/lib/i18n/ru';

export const metadata: Metadata = { title: t.nav.payments };

export default async function Page() {
  await requirePageScope();
  return <ComingSoon title={t.nav.payments} what={t.coming.payments} />;
}

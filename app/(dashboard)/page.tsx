// Home: each role starts where its daily work is (domain.md): heads on Оплаты, specialists on
// Мой день, executives on Обзор.
import { redirect } from 'next/navigation';
import { requirePageScope } from '@/lib/auth/session';

const homeByRole = { head: '/payments', specialist: '/my-day', executive: '/overview' } as const;

export default async function Home() {
  const scope = await requirePageScope();
  redirect(homeByRole[scope.role]);
}

// Existence check above the page's loading boundary, so an unknown load answers HTTP 404.
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { getLoadForPage } from './get-load';

export default async function LoadLayout({ children, params }: { children: ReactNode; params: Promise<{ loadId: string }> }) {
  if (!(await getLoadForPage((await params).loadId))) notFound();
  return children;
}

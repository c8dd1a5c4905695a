// Scope check for the card, above the card's loading boundary: a notFound() here happens before
// anything is streamed, so an out-of-scope or missing client answers HTTP 404, not 200.
import { notFound } from 'next/navigation';
import type { ReactNode } from 'react';
import { getCardClient } from './get-card';

export default async function ClientCardLayout({ children, params }: { children: ReactNode; params: Promise<{ clientId: string }> }) {
  if (!(await getCardClient((await params).clientId))) notFound();
  return children;
}

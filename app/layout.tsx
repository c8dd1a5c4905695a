import type { Metadata, Viewport } from 'next';
import { connection } from 'next/server';
import type { ReactNode } from 'react';
import { t } from '@/lib/i18n/ru';
import './globals.css';

export const metadata: Metadata = { title: { default: t.product, template: `%s · ${t.product}` } };
export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default async function RootLayout({ children }: { children: ReactNode }) {
  // Every page is rendered per request: Next stamps its scripts with the nonce of this request's
  // CSP (proxy.ts), which a page prerendered at build time (the sign-in page, not-found) would lack,
  // and the browser would then refuse to run them.
  await connection();
  return (
    <html lang="ru">
      <body>{children}</body>
    </html>
  );
}

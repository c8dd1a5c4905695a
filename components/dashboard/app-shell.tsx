'use client';
// The signed-in frame: header (product, as-of badge, user, Выйти) and the section menu, which
// collapses behind a Меню button on narrow screens (phone) and closes after a tap.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { signOut } from 'next-auth/react';
import { useEffect, useState, type ReactNode } from 'react';
import { t } from '@/lib/i18n/ru';
import { HeaderSearch } from '@/components/search/header-search';
import { AlertsBell } from '@/components/alerts/alerts-bell';
import type { NavItem } from './nav-items';

export interface AppShellProps {
  items: readonly NavItem[];
  userName: string;
  roleLabel: string;
  asOf: { text: string; title?: string; missing: boolean };
  children: ReactNode;
}

export function AppShell({ items, userName, roleLabel, asOf, children }: AppShellProps) {
  const pathname = usePathname();
  const [open, setOpen] = useState(false);
  useEffect(() => setOpen(false), [pathname]);

  return (
    <div className="shell">
      <header className="topbar">
        <button
          type="button"
          className="menu-button"
          aria-expanded={open}
          aria-controls="main-nav"
          onClick={() => setOpen((o) => !o)}
        >
          <span className="burger" aria-hidden="true" />
          <span className="menu-label">{t.shell.menu}</span>
        </button>
        <Link href="/" className="product">{t.product}</Link>
        <span className={asOf.missing ? 'badge badge-warn asof' : 'badge asof'} title={asOf.title}>{asOf.text}</span>
        <HeaderSearch />
        <AlertsBell />
        <div className="user">
          <span className="user-name" title={`${userName} · ${roleLabel}`}>{userName}</span>
          <span className="user-role">{roleLabel}</span>
        </div>
        <button type="button" className="button small signout" onClick={() => signOut({ callbackUrl: '/login' })}>
          {t.shell.signOut}
        </button>
      </header>
      <div className="body">
        <nav id="main-nav" className={open ? 'sidenav open' : 'sidenav'} aria-label={t.shell.nav}>
          <ul>
            {items.map((i) => {
              const active = pathname === i.href || pathname.startsWith(`${i.href}/`);
              return (
                <li key={i.href}>
                  <Link href={i.href} className={active ? 'active' : undefined} aria-current={active ? 'page' : undefined}>
                    {i.label}
                  </Link>
                </li>
              );
            })}
          </ul>
          {/* Phones: who is signed in and Выйти live in the menu, so the header stays one row. */}
          <div className="nav-account">
            <span><span className="user-name">{userName}</span> <span className="user-role">{roleLabel}</span></span>
            <button type="button" className="button small" onClick={() => signOut({ callbackUrl: '/login' })}>{t.shell.signOut}</button>
          </div>
        </nav>
        <main className="content">{children}</main>
      </div>
    </div>
  );
}

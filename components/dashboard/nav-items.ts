// The sections of the app, in menu order (labels from the dictionary).
import { t } from '@/lib/i18n/ru';

export interface NavItem { href: string; label: string }

export const navItems: readonly NavItem[] = [
  { href: '/payments', label: t.nav.payments },
  { href: '/clients', label: t.nav.clients },
  { href: '/my-day', label: t.nav.myDay },
  { href: '/beacon', label: t.alerts.beaconNav },
  { href: '/kpi', label: t.nav.kpi },
  { href: '/abc-xyz', label: t.nav.abcXyz },
  { href: '/bcg', label: t.nav.bcg },
  { href: '/loads', label: t.nav.loads },
];

/** Executives land on Обзор, so it leads their menu. */
export const overviewItem: NavItem = { href: '/overview', label: t.nav.overview };

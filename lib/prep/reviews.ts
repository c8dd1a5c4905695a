// Ticks on the preparation checklist ("reviewed"), kept per login, client, day and item key in the
// app's own table prep_reviews in app.sqlite (lib/state), apart from the warehouse loads replace.
// The day is the company's calendar day the specialist prepares on (not D): a morning's ticks stay
// when the midday extract moves D, and tomorrow's checklist starts clean.
import { z } from 'zod';
import { companyTimeZone } from '../env';
import { appState } from '../state';
import { prepSectionKeys } from './contact-types';

/** An item key: `<section>:<what>` (lib/prep/preparation.ts), ids as the extracts give them. */
export const itemKeySchema = z.string().trim().min(3).max(200)
  .refine((k) => prepSectionKeys.some((s) => k.startsWith(`${s}:`) && k.length > s.length + 1), 'ключ пункта вида «раздел:пункт»');

/** Today in the company's time zone, ISO `YYYY-MM-DD`. */
export function companyToday(now: Date = new Date()): string {
  const p = new Intl.DateTimeFormat('en-CA', { timeZone: companyTimeZone(), year: 'numeric', month: '2-digit', day: '2-digit' }).formatToParts(now);
  const get = (t: string) => p.find((x) => x.type === t)?.value ?? '';
  return `${get('year')}-${get('month')}-${get('day')}`;
}

/** The item keys `login` ticked for `clientId` on `day`. */
export async function getReviewedKeys(login: string, clientId: string, day: string): Promise<Set<string>> {
  const keys = appState().prepare('SELECT item_key FROM prep_reviews WHERE login = $login AND client_id = $clientId AND reviewed_on = $day')
    .pluck().all({ login, clientId, day }) as string[];
  return new Set(keys);
}

/** Tick (reviewed = true) or untick an item; idempotent both ways. */
export async function setReviewed(login: string, clientId: string, day: string, itemKey: string, reviewed: boolean): Promise<void> {
  const key = itemKeySchema.parse(itemKey);
  if (reviewed) {
    appState().prepare(`INSERT INTO prep_reviews (login, client_id, reviewed_on, item_key, reviewed_at)
      VALUES ($login, $clientId, $day, $key, $at) ON CONFLICT DO NOTHING`).run({ login, clientId, day, key, at: Date.now() });
  } else {
    appState().prepare('DELETE FROM prep_reviews WHERE login = $login AND client_id = $clientId AND reviewed_on = $day AND item_key = $key')
      .run({ login, clientId, day, key });
  }
}

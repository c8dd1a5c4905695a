// What each user has seen in the bell, kept in app.sqlite (lib/state, table alerts_seen): per alert
// kind, a "seen up to" mark, the newest alert time (`at`, company time `YYYY-MM-DDTHH:MM:SS`) of
// that kind the bell listed when the user opened it. The badge counts the alerts that happened
// after the mark (lib/alerts/alerts.ts), so opening the bell once clears it, however many alerts
// there are, and the next load's new threats or the next day's overdue contacts light it again.
// A mark only moves forward. An alert whose time is before the mark but that arrived later (entered
// late, in a later extract) counts as seen: the warehouse keeps no arrival time to tell.
import { z } from 'zod';
import { appState, type StateDb } from '../state';
import { alertKinds, type AlertKind } from './kinds';

/** An alert time as the bell gives it (alertItemSchema `at`). */
export const alertAtSchema = z.string().regex(/^\d{4}-[01]\d-[0-3]\dT[0-2]\d:[0-5]\d:[0-5]\d$/, 'время вида 2026-11-20T12:30:00');

/** The body of POST /api/v1/alerts/seen: for each kind shown, the newest `at` shown. */
export const seenUpToSchema = z.object({ upTo: z.partialRecord(z.enum(alertKinds), alertAtSchema) }).strict();
export type SeenUpTo = Partial<Record<AlertKind, string>>;

/** The "seen up to" marks of `login`, per kind; a kind never seen is absent. */
export function getAlertsSeen(login: string, db: StateDb = appState()): SeenUpTo {
  const rows = db.prepare('SELECT kind, seen_up_to AS upTo FROM alerts_seen WHERE login = $login').all({ login }) as Array<{ kind: string; upTo: string }>;
  const out: SeenUpTo = {};
  for (const r of rows) if ((alertKinds as readonly string[]).includes(r.kind)) out[r.kind as AlertKind] = r.upTo;
  return out;
}

/** Move `login`'s marks forward to `upTo` (a mark never moves back); returns the marks now kept. */
export function markAlertsSeen(login: string, upTo: SeenUpTo, db: StateDb = appState(), now = Date.now()): SeenUpTo {
  const put = db.prepare(`INSERT INTO alerts_seen (login, kind, seen_up_to, seen_at) VALUES ($login, $kind, $upTo, $now)
    ON CONFLICT (login, kind) DO UPDATE SET seen_up_to = max(seen_up_to, excluded.seen_up_to), seen_at = excluded.seen_at`);
  db.transaction(() => {
    for (const kind of alertKinds) {
      const at = upTo[kind];
      if (at !== undefined) put.run({ login, kind, upTo: alertAtSchema.parse(at), now });
    }
  }).immediate();
  return getAlertsSeen(login, db);
}

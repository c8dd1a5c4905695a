// The preparation checklist's window (metrics.md "Preparation checklist": "everything is shown since
// the last completed contact with the client; the window starts at the last occurred_at"):
//   - the last completed contact is the client's interaction with the latest occurred_at on or
//     before the end of D (as known on D); a planned contact not yet done (occurred_at NULL, or
//     done after D) never moves the window; neither does a contact after D;
//   - no completed contact by D: no window start (since = null), everything known is shown;
//   - Usage compares "since last contact against the same length of time before it", in whole days
//     [from, D] against [prevFrom, prevTo]. Service use arrives as weekly session counts and monthly
//     portal logins (extracts.md "usage"), so a window of a few days would compare nothing: it is
//     at least MIN_USAGE_WINDOW_DAYS long (four whole weeks), and that long when there was no contact.
import { addDays, daysBetween } from '../metrics/period';

/** Shortest usage comparison window, days (four weeks of weekly session counts). */
export const MIN_USAGE_WINDOW_DAYS = 28;

export interface UsageWindow {
  /** First and last day of "since last contact" (D), inclusive. */
  from: string;
  to: string;
  days: number;
  /** The same number of days right before it. */
  prevFrom: string;
  prevTo: string;
}

export interface PrepWindow {
  /** The last completed contact's occurred_at (company time `YYYY-MM-DDTHH:MM:SS`); null: none by D. */
  since: string | null;
  /** Its day (ISO); null: none. */
  sinceOn: string | null;
  /** Days from that day to D (0: a contact on D itself); null: none. */
  daysSince: number | null;
  usage: UsageWindow;
}

/** The window for D = `asOf` from the last completed contact's occurred_at (null: none by D). */
export function prepWindow(since: string | null, asOf: string): PrepWindow {
  const sinceOn = since ? since.slice(0, 10) : null;
  const daysSince = sinceOn ? daysBetween(sinceOn, asOf) : null;
  // The contact's own day counts in "since" (what happened after the call that day).
  const days = Math.max(daysSince === null ? 0 : daysSince + 1, MIN_USAGE_WINDOW_DAYS);
  const from = addDays(asOf, -(days - 1));
  return {
    since,
    sinceOn,
    daysSince,
    usage: { from, to: asOf, days, prevFrom: addDays(from, -days), prevTo: addDays(from, -1) },
  };
}

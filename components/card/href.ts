// Links within the client card: the card's own URL state (asOf, timeline kind, timeline limit) in
// one place, so every link keeps the chosen date. The default date is left out of the URL.
import type { TimelineKind } from '@/lib/clients/card-params';

export interface CardUrlState {
  clientId: string;
  /** Omitted when it is the newest data's date (the default). */
  asOf?: string;
  kind?: TimelineKind | null;
  limit?: number;
}

/** `/clients/<id>?asOf=…&kind=…&limit=…` with only the values that differ from the defaults. */
export function cardHref(s: CardUrlState, defaultLimit?: number): string {
  const q = new URLSearchParams();
  if (s.asOf) q.set('asOf', s.asOf);
  if (s.kind) q.set('kind', s.kind);
  if (s.limit && s.limit !== defaultLimit) q.set('limit', String(s.limit));
  const qs = q.toString();
  return `/clients/${encodeURIComponent(s.clientId)}${qs ? `?${qs}` : ''}`;
}

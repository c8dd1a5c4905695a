// Links between the payment views, with every filter kept in the URL (defaults left out).
export interface PaymentsLinkState {
  period: string;
  asOf: string;
  latestAsOf: string;
  span?: string;
  by?: string;
  team?: string;
  specialist?: string;
}

/** URL of a payment view with these filters; `path` defaults to the board. */
export function paymentsHref(s: PaymentsLinkState, path = '/payments'): string {
  const q = new URLSearchParams();
  if (s.period && s.period !== s.asOf.slice(0, 7)) q.set('period', s.period);
  if (s.asOf !== s.latestAsOf) q.set('asOf', s.asOf);
  if (s.span && s.span !== 'month') q.set('span', s.span);
  if (s.by) q.set('by', s.by);
  if (s.team) q.set('team', s.team);
  if (s.specialist) q.set('specialist', s.specialist);
  const qs = q.toString();
  return qs ? `${path}?${qs}` : path;
}

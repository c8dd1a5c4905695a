// Links between the KPI views (Показатели, the rows behind a number, Нагрузка) with every filter in
// the URL and defaults left out, so each view is a shareable link. Pure: server pages and client
// tables both use it.
export interface KpiLinkState {
  period: string;
  asOf: string;
  latestAsOf: string;
  by?: string;
  team?: string;
  specialist?: string;
  view?: string;
}

function query(s: KpiLinkState, extra: Record<string, string | undefined> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(extra)) if (v) q.set(k, v);
  if (s.period && s.period !== s.asOf.slice(0, 7)) q.set('period', s.period);
  if (s.asOf !== s.latestAsOf) q.set('asOf', s.asOf);
  if (s.by) q.set('by', s.by);
  if (s.team) q.set('team', s.team);
  if (s.specialist) q.set('specialist', s.specialist);
  if (s.view && s.view !== 'controls') q.set('view', s.view);
  return q.toString();
}

/** URL of Показатели (or another KPI view at `path`) with these filters. */
export function kpiHref(s: KpiLinkState, path = '/kpi'): string {
  const qs = query(s);
  return qs ? `${path}?${qs}` : path;
}

/** URL of the rows behind figure `control` for the team or specialist given (none: the whole selection); no status: the page's default (a share's violations). */
export function drillHref(s: Pick<KpiLinkState, 'period' | 'asOf' | 'latestAsOf'>, control: string, who: { team?: string | null; specialist?: string | null }, status?: string): string {
  const qs = query(
    { period: s.period, asOf: s.asOf, latestAsOf: s.latestAsOf, team: who.team ?? undefined, specialist: who.specialist ?? undefined },
    { control, status },
  );
  return `/kpi/rows?${qs}`;
}

/** The client card as known on the same D (the latest data: no parameter). */
export function clientHref(clientId: string, asOf: string, latestAsOf: string): string {
  const base = `/clients/${encodeURIComponent(clientId)}`;
  return asOf === latestAsOf ? base : `${base}?asOf=${asOf}`;
}

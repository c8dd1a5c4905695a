'use client';
// The bell in the header: new threats and complaints, contacts and agreements gone overdue lately,
// in the caller's scope (GET /api/v1/alerts), grouped by kind: each kind a heading with its count,
// its newest few items (each linking to its client card) and «ещё N» to the page that lists them
// all. The badge counts only what is new to the caller: opening the bell marks what it shows as
// seen (POST /api/v1/alerts/seen, kept per user in app.sqlite), so it empties until a load or the
// next day brings something new; the new items stay marked while the list is open. Fetched once
// when the app opens (the header stays across pages), after every applied load, and each time the
// bell is opened; a tap outside, Esc or moving to another page closes the list.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import { DATA_CHANGED_EVENT } from '@/components/live/live-updates';
import type { AlertItem, Alerts } from '@/lib/alerts/alerts';
import { acknowledged, alertGroups, badgeText, seenMarks } from '@/lib/alerts/bell';
import type { AlertKind } from '@/lib/alerts/kinds';
import { formatDate, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './alerts-bell.module.css';

type Status = 'idle' | 'loading' | 'done' | 'error';

/** Where each kind is listed in full. */
const FULL_LIST: Record<AlertKind, string> = {
  threat: '/beacon', complaint: '/beacon', overdueContact: '/my-day#day-overdue', overdueAgreement: '/my-day#day-agreements',
};

function line(a: AlertItem): string {
  if (a.kind === 'threat' || a.kind === 'complaint') return `${t.prep.threatKinds[a.detail ?? ''] ?? ''}${a.text && a.text !== a.detail ? `: ${a.text}` : ''}`;
  if (a.kind === 'overdueContact') return [t.prep.types[a.detail ?? ''], a.text].filter(Boolean).join(': ');
  return a.text ?? '';
}

/** Tell the server the caller saw each kind up to its newest alert (fire and forget). */
function sendSeen(data: Alerts): void {
  const upTo = seenMarks(data);
  if (Object.keys(upTo).length === 0) return;
  void fetch('/api/v1/alerts/seen', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ upTo }) }).catch(() => undefined);
}

export function AlertsBell() {
  const pathname = usePathname();
  const id = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<Alerts | null>(null);
  const [status, setStatus] = useState<Status>('idle');
  const [open, setOpen] = useState(false);
  const openRef = useRef(open);
  useEffect(() => { openRef.current = open; }, [open]);

  /** Fetch the alerts; `markSeen`: the list is open, so what it shows is seen now. */
  const load = useCallback(async (opts: { signal?: AbortSignal; markSeen?: boolean } = {}) => {
    setStatus('loading');
    try {
      const res = await fetch('/api/v1/alerts', { signal: opts.signal, cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      const next = (await res.json()) as Alerts;
      if (opts.markSeen) sendSeen(next);
      setData(opts.markSeen ? acknowledged(next) : next);
      setStatus('done');
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setStatus('error');
    }
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    void load({ signal: ctrl.signal });
    // A load brought new data: new alerts light the badge (or, with the list open, show in it).
    const onData = () => void load({ markSeen: openRef.current });
    window.addEventListener(DATA_CHANGED_EVENT, onData);
    return () => {
      ctrl.abort();
      window.removeEventListener(DATA_CHANGED_EVENT, onData);
    };
  }, [load]);
  useEffect(() => setOpen(false), [pathname]);

  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => { if (boxRef.current && !boxRef.current.contains(e.target as Node)) setOpen(false); };
    const onKey = (e: KeyboardEvent) => { if (e.key === 'Escape') setOpen(false); };
    document.addEventListener('pointerdown', onDown);
    document.addEventListener('keydown', onKey);
    return () => {
      document.removeEventListener('pointerdown', onDown);
      document.removeEventListener('keydown', onKey);
    };
  }, [open]);

  const unseen = data?.unseenTotal ?? 0;
  const badge = badgeText(unseen);
  const panelId = `${id}-panel`;
  const groups = data ? alertGroups(data) : [];
  return (
    <div className={s.box} ref={boxRef}>
      <button
        type="button"
        className={s.bell}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={data ? t.alerts.bellNew(unseen, data.total) : t.alerts.bell}
        title={t.alerts.bell}
        onClick={() => {
          setOpen((o) => !o);
          if (!open) void load({ markSeen: true });
        }}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {badge && <span className={s.count} data-testid="alerts-badge">{badge}</span>}
      </button>
      <div id={panelId} className={s.panel} hidden={!open} role="region" aria-label={t.alerts.title}>
        <div className={s.panelHead}>
          <b>{t.alerts.title}</b>
          <button type="button" className="btn-link" onClick={() => setOpen(false)}>{t.alerts.close}</button>
        </div>
        {status === 'error' && <p className={s.message}>{t.alerts.failed}</p>}
        {status === 'loading' && !data && <p className={s.message}>{t.alerts.loading}</p>}
        {data?.system?.map((a) => (
          <p key={a.kind} className={`${s.message} ${s.hot}`} role="alert"><b>{t.alerts.systemKind}.</b> {a.text}</p>
        ))}
        {data && groups.length === 0 && !data.system?.length && status !== 'error' && <p className={s.message}>{t.alerts.empty}</p>}
        {groups.map((g) => {
          const headId = `${id}-${g.kind}`;
          const hot = g.kind === 'threat' || g.kind === 'complaint';
          return (
            <section key={g.kind} className={s.group} aria-labelledby={headId}>
              <h3 id={headId} className={`${s.groupHead} ${hot ? s.hot : ''}`}>
                {t.alerts.groups[g.kind]} <span className={s.groupCount}>{formatInt(g.count)}</span>
              </h3>
              <ul className={s.list}>
                {g.items.map((a) => (
                  <li key={a.id}>
                    <Link className={s.item} href={`/clients/${encodeURIComponent(a.clientId)}`} onClick={() => setOpen(false)}>
                      <span className={s.kind}>
                        {a.isNew && <span className={s.newMark}>{t.alerts.newMark}</span>}
                        {formatDate(a.at)}
                      </span>
                      <span className={s.client}>{a.clientName}</span>
                      {line(a) && <span className={s.text}>{line(a)}</span>}
                    </Link>
                  </li>
                ))}
              </ul>
              {g.more > 0 && (
                <Link className={s.more} href={FULL_LIST[g.kind]} onClick={() => setOpen(false)}>{t.alerts.moreOf(formatInt(g.more))}</Link>
              )}
            </section>
          );
        })}
      </div>
    </div>
  );
}

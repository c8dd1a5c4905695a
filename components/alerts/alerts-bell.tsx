'use client';
// The bell in the header: new threats and complaints, contacts and agreements gone overdue lately,
// in the caller's scope (GET /api/v1/alerts), newest first, each linking to its client card. The
// count is fetched once when the app opens (the header stays across pages) and again each time the
// bell is opened; a tap outside, Esc or moving to another page closes the list.
import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { AlertItem, Alerts } from '@/lib/alerts/alerts';
import { formatDate, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './alerts-bell.module.css';

type Status = 'idle' | 'loading' | 'done' | 'error';

function line(a: AlertItem): string {
  if (a.kind === 'threat' || a.kind === 'complaint') return `${t.prep.threatKinds[a.detail ?? ''] ?? ''}${a.text && a.text !== a.detail ? `: ${a.text}` : ''}`;
  if (a.kind === 'overdueContact') return [t.prep.types[a.detail ?? ''], a.text].filter(Boolean).join(': ');
  return a.text ?? '';
}

export function AlertsBell() {
  const pathname = usePathname();
  const id = useId();
  const boxRef = useRef<HTMLDivElement>(null);
  const [data, setData] = useState<Alerts | null>(null);
  const [status, setStatus] = useState<Status>('idle');
  const [open, setOpen] = useState(false);

  const load = useCallback(async (signal?: AbortSignal) => {
    setStatus('loading');
    try {
      const res = await fetch('/api/v1/alerts', { signal, cache: 'no-store' });
      if (!res.ok) throw new Error(String(res.status));
      setData((await res.json()) as Alerts);
      setStatus('done');
    } catch (e) {
      if ((e as Error).name !== 'AbortError') setStatus('error');
    }
  }, []);

  useEffect(() => {
    const ctrl = new AbortController();
    void load(ctrl.signal);
    return () => ctrl.abort();
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

  const total = data?.total ?? 0;
  const panelId = `${id}-panel`;
  return (
    <div className={s.box} ref={boxRef}>
      <button
        type="button"
        className={s.bell}
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={t.alerts.bellCount(total)}
        title={t.alerts.bell}
        onClick={() => {
          setOpen((o) => !o);
          if (!open) void load();
        }}
      >
        <svg aria-hidden="true" viewBox="0 0 24 24" width="20" height="20" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round">
          <path d="M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9" />
          <path d="M10.3 21a1.94 1.94 0 0 0 3.4 0" />
        </svg>
        {total > 0 && <span className={s.count}>{total > 99 ? '99+' : total}</span>}
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
        {data && data.items.length === 0 && !data.system?.length && status !== 'error' && <p className={s.message}>{t.alerts.empty}</p>}
        {data && data.items.length > 0 && (
          <ul className={s.list}>
            {data.items.map((a) => (
              <li key={`${a.kind}-${a.id}`}>
                <Link className={s.item} href={`/clients/${encodeURIComponent(a.clientId)}`} onClick={() => setOpen(false)}>
                  <span className={`${s.kind} ${a.kind === 'threat' || a.kind === 'complaint' ? s.hot : ''}`}>
                    {t.alerts.kinds[a.kind]} · {formatDate(a.at)}
                  </span>
                  <span className={s.client}>{a.clientName}</span>
                  {line(a) && <span className={s.text}>{line(a)}</span>}
                </Link>
              </li>
            ))}
          </ul>
        )}
        {data && data.total > data.items.length && <p className={s.message}>{t.alerts.more(formatInt(data.total - data.items.length))}</p>}
      </div>
    </div>
  );
}

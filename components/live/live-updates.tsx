'use client';
// Open pages follow the loads (issue 8): one EventSource on /api/v1/events per tab; after an
// applied load the page's server data is refreshed in place (router.refresh keeps the URL with
// its filters, the scroll position and client state such as open drill-downs), client-fetched
// views hear the `sa:data-changed` window event, and a short notice says what arrived. Heads get
// an alert for a rejected or refused extract, with its report, until they dismiss it or a newer
// extract is applied; the previous figures stay.
import { useRouter } from 'next/navigation';
import { useEffect, useRef, useState } from 'react';
import { describeLoad, type LoadEventLike } from '@/lib/live/describe';
import { t } from '@/lib/i18n/ru';

/** Window event for client components that fetch their own data. */
export const DATA_CHANGED_EVENT = 'sa:data-changed';

interface Problem { loadId: number | null; extractId: string; outcome: string; message: string }
interface LoadEvent extends LoadEventLike { loadId: number | null; message: string; asOf: string | null }

const NOTICE_MS = 8000;

export function LiveUpdates({ isHead, problem: initialProblem }: { isHead: boolean; problem: Problem | null }) {
  const router = useRouter();
  const [notice, setNotice] = useState<string | null>(null);
  const [problem, setProblem] = useState<Problem | null>(initialProblem);
  const [offline, setOffline] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => setProblem(initialProblem), [initialProblem]);

  useEffect(() => {
    const es = new EventSource('/api/v1/events');
    es.addEventListener('open', () => setOffline(false));
    // EventSource reconnects by itself; say so only while it is down.
    es.addEventListener('error', () => setOffline(es.readyState !== EventSource.OPEN));
    es.addEventListener('load', (m) => {
      let e: LoadEvent;
      try { e = JSON.parse((m as MessageEvent<string>).data) as LoadEvent; } catch { return; }
      if (e.outcome === 'applied') {
        setProblem(null);
        router.refresh();
        window.dispatchEvent(new CustomEvent(DATA_CHANGED_EVENT, { detail: e }));
        setNotice(describeLoad(e));
        if (timer.current) clearTimeout(timer.current);
        timer.current = setTimeout(() => setNotice(null), NOTICE_MS);
      } else if ((e.outcome === 'rejected' || e.outcome === 'refused') && isHead) {
        setProblem({ loadId: e.loadId, extractId: e.extractId, outcome: e.outcome, message: e.message });
        router.refresh();
      }
    });
    return () => {
      es.close();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [router, isHead]);

  return (
    <>
      {isHead && problem && (
        <div className="live-alert" role="alert" data-testid="load-problem">
          <strong>{describeLoad({ extractId: problem.extractId, outcome: problem.outcome, changed: {}, at: new Date().toISOString() })}</strong>
          {problem.message && <span className="live-alert-msg">{problem.message}</span>}
          <span className="live-alert-actions">
            {problem.loadId !== null && <a href={`/loads/${problem.loadId}`}>{t.live.report}</a>}
            <button type="button" className="btn-link" onClick={() => setProblem(null)}>{t.live.dismiss}</button>
          </span>
        </div>
      )}
      <div className="live-notice-area" aria-live="polite" role="status">
        {notice && <div className="live-notice" data-testid="live-notice">{notice}</div>}
        {!notice && offline && <div className="live-notice live-notice-muted">{t.live.offline}</div>}
      </div>
    </>
  );
}

// Загрузки: the load log, newest first; a load opens its files and rejected rows. Every role sees
// the log; messages come without field values for specialists (lib/load/redact.ts).
import type { Metadata } from 'next';
import Link from 'next/link';
import { LoadMessage } from '@/components/ui/load-rule';
import { OutcomeBadge } from '@/components/ui/outcome-badge';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatDateTime, formatDurationMs, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { getLoadLog } from '@/lib/loads';

export const metadata: Metadata = { title: t.loads.title };

export default async function LoadsPage() {
  const scope = await requirePageScope();
  const loads = await getLoadLog(scope, 100);
  const L = t.loads;
  return (
    <>
      <div className="page-head">
        <h1>{L.title}</h1>
        <span className="muted">{L.subtitle}</span>
      </div>
      {loads.length === 0 ? (
        <div className="card"><p className="muted">{L.empty}</p></div>
      ) : (
        <div className="table-wrap">
          <table className="table loads stack-tablet">
            <thead>
              <tr>
                <th>{L.extractId}</th>
                <th>{L.asOf}</th>
                <th>{L.finished}</th>
                <th>{L.outcome}</th>
                <th className="num">{L.inserted}</th>
                <th className="num">{L.updated}</th>
                <th className="num">{L.deleted}</th>
                <th className="num">{L.rejected}</th>
                <th className="num">{L.duration}</th>
                <th>{L.message}</th>
              </tr>
            </thead>
            <tbody>
              {loads.map((l) => (
                <tr key={l.loadId}>
                  <td data-label={L.extractId}><Link href={`/loads/${l.loadId}`} className="mono">{l.extractId}</Link></td>
                  <td data-label={L.asOf}>{formatDate(l.asOf)}</td>
                  <td data-label={L.finished} className="nowrap">{formatDateTime(l.finishedAt)}</td>
                  <td data-label={L.outcome}><OutcomeBadge outcome={l.outcome} /></td>
                  <td data-label={L.inserted} className="num">{formatInt(l.rowsInserted)}</td>
                  <td data-label={L.updated} className="num">{formatInt(l.rowsUpdated)}</td>
                  <td data-label={L.deleted} className="num">{formatInt(l.rowsDeleted)}</td>
                  <td data-label={L.rejected} className={l.rowsRejected > 0 ? 'num warn' : 'num'}>{formatInt(l.rowsRejected)}</td>
                  <td data-label={L.duration} className="num nowrap">{formatDurationMs(l.durationMs)}</td>
                  {/* An applied load's message repeats the counts beside it; show only what adds something. */}
                  <td data-label={L.message} className="message">{l.outcome === 'applied' || !l.message ? t.common.dash : <LoadMessage message={l.message} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

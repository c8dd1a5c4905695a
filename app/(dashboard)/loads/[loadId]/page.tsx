// One load: its figures, per-file rows and rejected rows (file, line, rule, reason). The raw
// content of rejected rows, the values in reasons and messages, and the report may hold other
// clients' data, so only heads and executives see them (lib/load/redact.ts, via lib/loads).
import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { LoadMessage, LoadRule } from '@/components/ui/load-rule';
import { OutcomeBadge } from '@/components/ui/outcome-badge';
import { requirePageScope } from '@/lib/auth/session';
import { formatDate, formatDateTime, formatDurationMs, formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { getRejectedRows } from '@/lib/loads';
import { getLoadForPage } from './get-load';

export const metadata: Metadata = { title: t.loads.title };

const REJECTED_SHOWN = 500;

export default async function LoadPage({ params }: { params: Promise<{ loadId: string }> }) {
  const scope = await requirePageScope();
  const load = await getLoadForPage((await params).loadId);
  if (!load) notFound(); // the layout has already answered 404
  const id = load.loadId;
  const rejected = await getRejectedRows(scope, id, REJECTED_SHOWN);
  const mayReadRaw = scope.role !== 'specialist';
  const L = t.loads;
  const d = t.common.dash;

  const figures: Array<[string, string]> = [
    [L.asOf, formatDate(load.asOf)],
    [L.finished, formatDateTime(load.finishedAt)],
    [L.duration, formatDurationMs(load.durationMs)],
    [L.inserted, formatInt(load.rowsInserted)],
    [L.updated, formatInt(load.rowsUpdated)],
    [L.deleted, formatInt(load.rowsDeleted)],
    [L.rejected, formatInt(load.rowsRejected)],
  ];

  return (
    <>
      <p className="crumbs"><Link href="/loads">{L.backToList}</Link></p>
      <div className="page-head">
        <h1>{L.detailTitle(String(load.loadId))}</h1>
        <span className="mono">{load.extractId}</span>
        <OutcomeBadge outcome={load.outcome} />
      </div>
      <section className="card">
        <dl className="fields">
          {figures.map(([k, v]) => (
            <div key={k}><dt>{k}</dt><dd>{v}</dd></div>
          ))}
        </dl>
        {load.message && <p className="message-block"><LoadMessage message={load.message} /></p>}
        {load.hasReport && mayReadRaw && (
          <p><a className="button" href={`/api/v1/loads/${load.loadId}/report`} target="_blank" rel="noreferrer">{L.report}</a></p>
        )}
      </section>

      {load.files.length > 0 && (
        <section>
          <h2>{L.files}</h2>
          <div className="table-wrap">
            <table className="table stack-tablet">
              <thead>
                <tr>
                  <th>{L.file}</th><th>{L.table}</th><th>{L.mode}</th><th>{t.loadInfo.encoding}</th><th className="num">{L.rows}</th>
                  <th className="num">{L.inserted}</th><th className="num">{L.updated}</th><th className="num">{L.deleted}</th><th className="num">{L.rejected}</th>
                </tr>
              </thead>
              <tbody>
                {load.files.map((f, i) => (
                  <tr key={`${f.file}-${i}`}>
                    <td data-label={L.file} className="mono">{f.file}</td>
                    <td data-label={L.table}>{L.tables[f.table] ?? f.table}</td>
                    <td data-label={L.mode}>{L.modes[f.mode] ?? f.mode}</td>
                    <td data-label={t.loadInfo.encoding} className="mono">{f.encoding ?? d}</td>
                    <td data-label={L.rows} className="num">{formatInt(f.rows)}</td>
                    <td data-label={L.inserted} className="num">{formatInt(f.inserted)}</td>
                    <td data-label={L.updated} className="num">
                      {formatInt(f.updated)}
                      {(f.unchanged ?? 0) > 0 && <span className="muted small"> ({L.unchangedOf(formatInt(f.unchanged))})</span>}
                    </td>
                    <td data-label={L.deleted} className="num">{formatInt(f.deleted)}</td>
                    <td data-label={L.rejected} className="num">{formatInt(f.rejected)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </section>
      )}

      <section>
        <h2>
          {L.rejectedRows} <span className="muted small">({formatInt(rejected.total)}{rejected.total > rejected.rows.length ? `, ${L.shownFirst(formatInt(rejected.rows.length))}` : ''})</span>
        </h2>
        {!mayReadRaw && <p className="muted small">{L.rejectedHidden}</p>}
        {rejected.rows.length === 0 ? (
          <div className="card"><p className="muted">{L.noRejected}</p></div>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <thead>
                <tr>
                  <th>{L.file}</th><th className="num">{L.line}</th><th>{L.rule}</th><th>{L.reason}</th>
                  {mayReadRaw && <th>{L.raw}</th>}
                </tr>
              </thead>
              <tbody>
                {rejected.rows.map((r, i) => (
                  <tr key={`${r.file}-${r.line}-${i}`}>
                    <td data-label={L.file} className="mono">{r.file}</td>
                    <td data-label={L.line} className="num">{r.line ?? d}</td>
                    <td data-label={L.rule}><LoadRule rule={r.rule} /></td>
                    <td data-label={L.reason}>{r.reason}</td>
                    {mayReadRaw && <td data-label={L.raw} className="mono raw">{r.raw ?? d}</td>}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </>
  );
}

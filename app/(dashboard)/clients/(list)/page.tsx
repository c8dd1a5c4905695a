// Клиенты: every client the caller may see (scoped in lib/clients), filtered by team, specialist,
// segment, tax system, status, ABC / XYZ class, growth × share quadrant and a name / INN / contract text, sorted by any column, all in the
// URL. The server renders the first rows; the table then streams the rest as Arrow (issue 4).
import type { Metadata } from 'next';
import { ClientsTable } from '@/components/tables/clients-table';
import { requirePageScope } from '@/lib/auth/session';
import { getClientListOptions, getClients } from '@/lib/clients/get-clients';
import { clientsDataQuery } from '@/lib/clients/list-query';
import { formatDate, formatInt } from '@/lib/format';
import { getLatestAsOf } from '@/lib/loads';
import { t } from '@/lib/i18n/ru';
import { ClientsFilters } from './clients-filters';
import { CLIENTS_FIRST_ROWS, parseClientsSearch } from './search-params';

export const metadata: Metadata = { title: t.clients.title };

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const options = await getClientListOptions(scope);
  const s = parseClientsSearch(await searchParams, options);
  const { rows, total } = await getClients(scope, {
    q: s.q, team: s.team, specialist: s.specialist, segment: s.segment, taxSystem: s.taxSystem, status: s.status,
    abc: s.abc, xyz: s.xyz, quadrant: s.quadrant,
    sort: s.sort, dir: s.dir, limit: CLIENTS_FIRST_ROWS, offset: 0,
  });
  const dataQuery = clientsDataQuery(s).toString();
  const latestAsOf = (await getLatestAsOf())?.asOf;
  const classesNote = t.clientsList.classesNote(latestAsOf ? formatDate(latestAsOf) : t.common.dash);

  return (
    <>
      <div className="page-head">
        <h1>{t.clients.title}</h1>
        <span className="muted">{t.clientsList.found(formatInt(total))}</span>
      </div>
      <ClientsFilters key={`filters?${dataQuery}`} state={s} options={options} people={scope.role !== 'specialist'}
        classesTitle={classesNote} />
      {(s.abc || s.xyz || s.quadrant) && <p className="muted small">{classesNote}</p>}
      {total === 0 ? (
        <div className="card"><p className="muted">{t.clientsList.empty}</p></div>
      ) : (
        // A new query is a new table: its rows, stream and scroll start afresh.
        <ClientsTable key={`table?${dataQuery}`} first={rows} total={total} state={s} />
      )}
    </>
  );
}

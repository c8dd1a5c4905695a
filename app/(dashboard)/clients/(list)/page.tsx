// Клиенты: the clients the caller may see (scoped in lib/clients), searchable by name, sortable,
// paged on the server through the URL.
import type { Metadata } from 'next';
import Link from 'next/link';
import { ClientsTable } from '@/components/tables/clients-table';
import { requirePageScope } from '@/lib/auth/session';
import { getClients } from '@/lib/clients/get-clients';
import { formatInt } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import { CLIENTS_PAGE_SIZE, clientsHref, parseClientsSearch } from './search-params';

export const metadata: Metadata = { title: t.clients.title };

export default async function ClientsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const scope = await requirePageScope();
  const s = parseClientsSearch(await searchParams);
  const { rows, total } = await getClients(scope, {
    q: s.q, sort: s.sort, dir: s.dir, limit: CLIENTS_PAGE_SIZE, offset: (s.page - 1) * CLIENTS_PAGE_SIZE,
  });
  const pages = Math.max(1, Math.ceil(total / CLIENTS_PAGE_SIZE));
  const page = Math.min(s.page, pages);

  return (
    <>
      <div className="page-head">
        <h1>{t.clients.title}</h1>
        <span className="muted">{t.clients.total(formatInt(total))}</span>
      </div>
      <form className="toolbar" method="get" action="/clients" role="search">
        <input type="search" name="q" defaultValue={s.q} placeholder={t.clients.search} aria-label={t.clients.search} />
        {s.sort !== 'name' && <input type="hidden" name="sort" value={s.sort} />}
        {s.dir !== 'asc' && <input type="hidden" name="dir" value={s.dir} />}
        <button className="button primary" type="submit">{t.clients.searchButton}</button>
        {s.q && <Link className="button" href={clientsHref({ sort: s.sort, dir: s.dir })}>{t.clients.reset}</Link>}
      </form>
      {rows.length === 0 ? (
        <div className="card"><p className="muted">{t.clients.empty}</p></div>
      ) : (
        <ClientsTable rows={rows} sort={s.sort} dir={s.dir} q={s.q} />
      )}
      {pages > 1 && (
        <div className="pager" aria-label={t.common.page(page, pages)}>
          {page > 1 ? <Link className="button" href={clientsHref({ ...s, page: page - 1 })} rel="prev">← {t.common.prev}</Link> : <span />}
          <span className="muted">{t.common.page(page, pages)}</span>
          {page < pages ? <Link className="button" href={clientsHref({ ...s, page: page + 1 })} rel="next">{t.common.next} →</Link> : <span />}
        </div>
      )}
    </>
  );
}

'use client';
// Filters of Клиенты, kept in the URL. A plain GET form (works without JavaScript); with JavaScript
// a changed select applies at once and the text on Enter / Показать, through client navigation
// that keeps the columns chosen (?cols=, which the table changes without a server round trip).
// On phones, where the table's headers are hidden, the order is chosen here.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import type { ClientListOptions } from '@/lib/clients/get-clients';
import {
  abcClasses, bcgQuadrants, clientSortKeys, clientStatuses, clientsHref, parseColumns, xyzClasses, type ClientsSearch,
} from '@/lib/clients/list-query';
import { t } from '@/lib/i18n/ru';

const T = t.clientsList;

export function ClientsFilters({ state, options, people, classesTitle }: {
  state: ClientsSearch;
  /** What the class filters mean (metric, window, date). */
  classesTitle: string;
  options: ClientListOptions;
  /** Offer team and specialist (not to a specialist, who sees only own clients). */
  people: boolean;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [team, setTeam] = useState(state.team ?? '');
  const specialists = team ? options.specialists.filter((s) => s.teamId === team) : options.specialists;

  function go(form: HTMLFormElement) {
    const f = new FormData(form);
    const get = (k: string) => String(f.get(k) ?? '').trim() || undefined;
    const chosenTeam = get('team');
    const specialist = get('specialist');
    // A specialist of another team than the one just chosen would empty the list: drop it.
    const ofTeam = options.specialists.some((s) => s.id === specialist && (!chosenTeam || s.teamId === chosenTeam));
    const next: Partial<ClientsSearch> = {
      q: get('q') ?? '', team: chosenTeam,
      specialist: specialist && ofTeam ? specialist : undefined,
      segment: get('segment'), taxSystem: get('taxSystem') as ClientsSearch['taxSystem'], status: get('status') as ClientsSearch['status'],
      abc: get('abc') as ClientsSearch['abc'], xyz: get('xyz') as ClientsSearch['xyz'], quadrant: get('quadrant') as ClientsSearch['quadrant'],
      sort: (get('sort') ?? 'name') as ClientsSearch['sort'], dir: get('dir') === 'desc' ? 'desc' : 'asc',
      cols: parseColumns(new URLSearchParams(window.location.search).get('cols') ?? undefined),
    };
    startTransition(() => router.push(clientsHref(next), { scroll: false }));
  }
  const onSubmit = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    go(e.currentTarget);
  };
  const onChange = (e: React.ChangeEvent<HTMLSelectElement>) => {
    if (e.currentTarget.name === 'team') setTeam(e.currentTarget.value);
    if (e.currentTarget.form) go(e.currentTarget.form);
  };

  return (
    <form method="get" action="/clients" className="filters" aria-label={T.filters} aria-busy={pending} onSubmit={onSubmit}>
      <label className="filter" style={{ flex: '1 1 14rem', maxWidth: '24rem' }}>
        <span>{t.clients.search}</span>
        <input type="search" name="q" defaultValue={state.q} placeholder={T.search} maxLength={100} />
      </label>
      {people && (
        <>
          <label className="filter">
            <span>{T.team}</span>
            <select name="team" value={team} onChange={onChange}>
              <option value="">{T.allTeams}</option>
              {options.teams.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
          </label>
          <label className="filter">
            <span>{T.specialist}</span>
            <select name="specialist" defaultValue={state.specialist ?? ''} onChange={onChange} key={team}>
              <option value="">{T.allSpecialists}</option>
              {specialists.map((x) => <option key={x.id} value={x.id}>{x.name}</option>)}
            </select>
          </label>
        </>
      )}
      <label className="filter">
        <span>{T.segment}</span>
        <select name="segment" defaultValue={state.segment ?? ''} onChange={onChange}>
          <option value="">{T.allSegments}</option>
          {options.segments.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{T.taxSystem}</span>
        <select name="taxSystem" defaultValue={state.taxSystem ?? ''} onChange={onChange}>
          <option value="">{T.anyTaxSystem}</option>
          {options.taxSystems.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{T.status}</span>
        <select name="status" defaultValue={state.status ?? ''} onChange={onChange}>
          <option value="">{T.anyStatus}</option>
          {clientStatuses.map((x) => <option key={x} value={x}>{t.clientStatus[x]}</option>)}
        </select>
      </label>
      <label className="filter" title={classesTitle}>
        <span>{T.abc}</span>
        <select name="abc" defaultValue={state.abc ?? ''} onChange={onChange}>
          <option value="">{T.anyClass}</option>
          {abcClasses.map((x) => <option key={x} value={x}>{x}</option>)}
        </select>
      </label>
      <label className="filter" title={classesTitle}>
        <span>{T.xyz}</span>
        <select name="xyz" defaultValue={state.xyz ?? ''} onChange={onChange}>
          <option value="">{T.anyClass}</option>
          {xyzClasses.map((x) => <option key={x} value={x}>{t.abc.xyz[x]}</option>)}
        </select>
      </label>
      <label className="filter" title={classesTitle}>
        <span>{T.quadrant}</span>
        <select name="quadrant" defaultValue={state.quadrant ?? ''} onChange={onChange}>
          <option value="">{T.anyQuadrant}</option>
          {bcgQuadrants.map((x) => <option key={x} value={x}>{t.bcg.quadrants[x]}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{T.sort}</span>
        <select name="sort" defaultValue={state.sort} onChange={onChange}>
          {clientSortKeys.map((x) => <option key={x} value={x}>{T.cols[x]}</option>)}
        </select>
      </label>
      <label className="filter">
        <span>{T.dir}</span>
        <select name="dir" defaultValue={state.dir} onChange={onChange}>
          <option value="asc">{T.asc}</option>
          <option value="desc">{T.desc}</option>
        </select>
      </label>
      {state.cols.length > 0 && <input type="hidden" name="cols" value={state.cols.join(',')} />}
      <div className="filter-actions">
        <button type="submit" className="button small primary">{T.show}</button>
        <Link className="button small" href={clientsHref({ cols: state.cols })}>{T.reset}</Link>
      </div>
    </form>
  );
}

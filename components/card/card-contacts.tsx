// Contact persons with their roles (КЛ, ЛПР, ЛВР: domain.md glossary) and particulars. A table on
// wide screens; on phones the global table CSS turns each person into a card (data-label).
import type { CardContact } from '@/lib/clients/card-facts';
import { Tel } from '@/components/ui/tel';
import { t } from '@/lib/i18n/ru';
import s from './card.module.css';

export function CardContacts({ contacts }: { contacts: CardContact[] }) {
  const k = t.card;
  const col = k.contactCols;
  const d = t.common.dash;
  return (
    <section className={s.section} aria-labelledby="card-contacts">
      <h2 id="card-contacts">{k.sections.contacts}</h2>
      {contacts.length === 0 ? (
        <p className="muted">{k.noContacts}</p>
      ) : (
        <div className="table-wrap">
          <table className="table">
            <thead>
              <tr>
                <th scope="col">{col.name}</th><th scope="col">{col.role}</th><th scope="col">{col.position}</th>
                <th scope="col">{col.phone}</th><th scope="col">{col.email}</th><th scope="col">{col.specifics}</th>
              </tr>
            </thead>
            <tbody>
              {contacts.map((c) => (
                <tr key={c.id}>
                  <td className="title-cell">{c.fullName}</td>
                  <td data-label={col.role}><abbr title={k.roleTitles[c.role] ?? c.role}>{k.roles[c.role] ?? c.role}</abbr></td>
                  <td data-label={col.position}>{c.position ?? d}</td>
                  <td data-label={col.phone} className="nowrap"><Tel phone={c.phone} fallback={d} /></td>
                  <td data-label={col.email}>{c.email ? <a href={`mailto:${c.email}`}>{c.email}</a> : d}</td>
                  <td data-label={col.specifics}>{c.specifics ?? d}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

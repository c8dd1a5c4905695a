'use client';
// The contact type picker: a plain GET form (its «Показать» button works before hydration), which
// sends itself as soon as another type is chosen once the page is interactive (the button then hides).
import { useEffect, useState } from 'react';
import { t } from '@/lib/i18n/ru';
import { contactTypeGroups, type ContactType } from '@/lib/prep/contact-types';
import s from './prep.module.css';

export function TypeSelect({ action, type, asOf }: { action: string; type: ContactType; asOf?: string }) {
  const [live, setLive] = useState(false);
  useEffect(() => setLive(true), []);
  return (
    <form className={s.typeForm} method="get" action={action}>
      <label className={s.typeLabel}>
        {t.prep.type}
        <select name="type" defaultValue={type} onChange={(e) => e.currentTarget.form?.requestSubmit()}>
          {contactTypeGroups.map((g) => (
            <optgroup key={g.key} label={t.prep.typeGroups[g.key]}>
              {g.types.map((ct) => (
                <option key={ct} value={ct}>{t.prep.types[ct]}</option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      {asOf && <input type="hidden" name="asOf" value={asOf} />}
      {!live && <button type="submit" className={`button ${s.noPrint}`}>{t.prep.show}</button>}
    </form>
  );
}

export function PrintButton() {
  return (
    <button type="button" className={`button ${s.noPrint}`} onClick={() => window.print()}>{t.prep.print}</button>
  );
}

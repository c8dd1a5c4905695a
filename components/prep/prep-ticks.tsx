'use client';
// Ticks on the preparation checklist: each item's "Просмотрено" box and the progress bar share one
// state. A tick is saved at once (POST / DELETE /api/v1/clients/<id>/preparation, kept per login,
// client and day); the box changes immediately and goes back, with a message, if saving fails.
// Boxes are disabled until the page is interactive, so a tap is never lost before hydration.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { t } from '@/lib/i18n/ru';
import s from './prep.module.css';

interface TicksState {
  ticked: ReadonlySet<string>;
  saving: ReadonlySet<string>;
  ready: boolean;
  readOnly: boolean;
  toggle: (key: string, on: boolean) => void;
}

const Ctx = createContext<TicksState | null>(null);

export function PrepTicksProvider({ clientId, asOf, initial, keys, readOnly, children }: {
  clientId: string;
  /** The checklist's date when it is not the newest extract's: the API accepts only the items offered on it. */
  asOf?: string | null;
  /** Keys ticked today, as the server read them. */
  initial: string[];
  /** Keys of the items shown (the progress counts these). */
  keys: string[];
  readOnly: boolean;
  children: ReactNode;
}) {
  const [ticked, setTicked] = useState<ReadonlySet<string>>(() => new Set(initial));
  const [saving, setSaving] = useState<ReadonlySet<string>>(() => new Set());
  const [ready, setReady] = useState(false);
  const [error, setError] = useState(false);
  useEffect(() => setReady(true), []);
  // A new checklist (another type or date) brings its own ticks.
  useEffect(() => setTicked(new Set(initial)), [initial]);

  const toggle = useCallback((key: string, on: boolean) => {
    const flip = (set: ReadonlySet<string>, k: string, add: boolean) => {
      const next = new Set(set);
      if (add) next.add(k); else next.delete(k);
      return next;
    };
    setError(false);
    setTicked((x) => flip(x, key, on));
    setSaving((x) => flip(x, key, true));
    fetch(`/api/v1/clients/${encodeURIComponent(clientId)}/preparation${asOf ? `?asOf=${encodeURIComponent(asOf)}` : ''}`, {
      method: on ? 'POST' : 'DELETE',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ item: key }),
    })
      .then((r) => { if (!r.ok) throw new Error(String(r.status)); })
      .catch(() => {
        setTicked((x) => flip(x, key, !on));
        setError(true);
      })
      .finally(() => setSaving((x) => flip(x, key, false)));
  }, [clientId, asOf]);

  const value = useMemo(() => ({ ticked, saving, ready, readOnly, toggle }), [ticked, saving, ready, readOnly, toggle]);
  const done = keys.filter((k) => ticked.has(k)).length;
  return (
    <Ctx.Provider value={value}>
      <div className={s.progress}>
        <div className={s.progressText}>
          <span role="status" aria-live="polite">{done === keys.length && keys.length > 0 ? t.prep.progressDone : t.prep.progress(done, keys.length)}</span>
          {readOnly && <span className="muted small">{t.prep.readOnly}</span>}
        </div>
        <div className={s.bar} role="progressbar" aria-label={t.prep.reviewed} aria-valuemin={0} aria-valuemax={keys.length} aria-valuenow={done}>
          <span style={{ width: `${keys.length ? (100 * done) / keys.length : 0}%` }} />
        </div>
        {error && <p className="form-error" role="alert">{t.prep.tickFailed}</p>}
      </div>
      {children}
    </Ctx.Provider>
  );
}

/** The "Просмотрено" box of one item; `label` names the item for screen readers. */
export function TickBox({ itemKey, label }: { itemKey: string; label: string }) {
  const c = useContext(Ctx);
  if (!c) throw new Error('TickBox outside PrepTicksProvider');
  const on = c.ticked.has(itemKey);
  return (
    <label className={s.tick} title={t.prep.reviewed}>
      <input
        type="checkbox"
        checked={on}
        disabled={!c.ready || c.readOnly}
        aria-busy={c.saving.has(itemKey)}
        aria-label={`${t.prep.reviewed}: ${label}`}
        data-item={itemKey}
        onChange={(e) => c.toggle(itemKey, e.currentTarget.checked)}
      />
    </label>
  );
}

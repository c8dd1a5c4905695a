'use client';
// The client search box in the header of every page (issue 4): results as you type (debounced;
// a newer keystroke aborts the older request), an ARIA 1.2 combobox with a listbox popup, ↑ ↓ to
// choose, Enter to open the card, Esc to close, `/` anywhere (outside another field) to focus it.
// Works by touch: a tap on a result opens it. Rows come from GET /api/v1/clients/search, which
// applies the caller's scope; this component only shows them.
import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useId, useRef, useState, type KeyboardEvent } from 'react';
import { formatPhone } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import type { SearchRow } from '@/lib/search/search-clients';
import styles from './header-search.module.css';

const DEBOUNCE_MS = 150;
const LIMIT = 10;
const MIN_CHARS = 2;

type Status = 'idle' | 'loading' | 'done' | 'error';

/** True when a key press belongs to a field the user is typing in (then `/` is just a slash). */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT';
}

export function HeaderSearch() {
  const router = useRouter();
  const id = useId();
  const listId = `${id}-list`;
  const hintId = `${id}-hint`;
  const inputRef = useRef<HTMLInputElement>(null);
  const boxRef = useRef<HTMLDivElement>(null);
  const [q, setQ] = useState('');
  const [rows, setRows] = useState<SearchRow[]>([]);
  const [status, setStatus] = useState<Status>('idle');
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  // Phones: the box hides behind an icon in the one-row header and opens under it.
  const [phoneOpen, setPhoneOpen] = useState(false);
  useEffect(() => { if (phoneOpen) inputRef.current?.focus(); }, [phoneOpen]);

  // `/` focuses the box, unless the user is typing somewhere else.
  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== '/' || e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target)) return;
      e.preventDefault();
      inputRef.current?.focus();
      inputRef.current?.select();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Search as you type: wait for a pause, and abort the request of an older query.
  useEffect(() => {
    const query = q.trim();
    if ([...query].length < MIN_CHARS) {
      setRows([]);
      setStatus('idle');
      setActive(-1);
      return;
    }
    const ctrl = new AbortController();
    setStatus('loading');
    const timer = setTimeout(async () => {
      try {
        const res = await fetch(`/api/v1/clients/search?q=${encodeURIComponent(query)}&limit=${LIMIT}`, { signal: ctrl.signal, cache: 'no-store' });
        if (!res.ok) throw new Error(String(res.status));
        const body = (await res.json()) as { rows: SearchRow[] };
        setRows(body.rows);
        setActive(body.rows.length ? 0 : -1);
        setStatus('done');
      } catch (e) {
        if ((e as Error).name === 'AbortError') return;
        setRows([]);
        setActive(-1);
        setStatus('error');
      }
    }, DEBOUNCE_MS);
    return () => {
      clearTimeout(timer);
      ctrl.abort();
    };
  }, [q]);

  // A tap or click outside closes the list.
  useEffect(() => {
    if (!open) return;
    const onDown = (e: PointerEvent) => {
      if (boxRef.current && !boxRef.current.contains(e.target as Node)) setOpen(false);
    };
    document.addEventListener('pointerdown', onDown);
    return () => document.removeEventListener('pointerdown', onDown);
  }, [open]);

  const go = useCallback((row: SearchRow | undefined) => {
    if (!row) return;
    setOpen(false);
    setPhoneOpen(false);
    setQ('');
    inputRef.current?.blur();
    router.push(`/clients/${encodeURIComponent(row.id)}`);
  }, [router]);

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    switch (e.key) {
      case 'ArrowDown':
        e.preventDefault();
        setOpen(true);
        if (rows.length) setActive((a) => (a + 1) % rows.length);
        break;
      case 'ArrowUp':
        e.preventDefault();
        setOpen(true);
        if (rows.length) setActive((a) => (a <= 0 ? rows.length - 1 : a - 1));
        break;
      case 'Enter':
        if (open && rows.length) {
          e.preventDefault();
          go(rows[active >= 0 ? active : 0]);
        }
        break;
      case 'Escape':
        if (open) {
          e.preventDefault();
          setOpen(false);
        } else if (q) {
          e.preventDefault();
          setQ('');
        } else {
          setPhoneOpen(false);
        }
        break;
    }
  };

  const query = q.trim();
  const expanded = open && [...query].length >= MIN_CHARS;
  const message = status === 'loading' && !rows.length ? t.search.searching
    : status === 'error' ? t.search.failed
      : status === 'done' && !rows.length ? t.search.empty
        : null;
  const activeId = expanded && active >= 0 && active < rows.length ? `${id}-opt-${active}` : undefined;

  return (
    <>
    <button type="button" className={styles.toggle} aria-label={t.search.label} aria-expanded={phoneOpen} onClick={() => setPhoneOpen((o) => !o)}>
      <svg width="20" height="20" viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" aria-hidden="true">
        <circle cx="11" cy="11" r="7" /><path d="m20 20-3.5-3.5" />
      </svg>
    </button>
    <div className={styles.box} ref={boxRef} role="search" data-phone-open={phoneOpen}>
      <input
        ref={inputRef}
        type="search"
        className={styles.input}
        role="combobox"
        aria-label={t.search.label}
        aria-expanded={expanded}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={activeId}
        aria-describedby={hintId}
        placeholder={t.search.placeholder}
        autoComplete="off"
        spellCheck={false}
        enterKeyHint="search"
        value={q}
        onChange={(e) => { setQ(e.target.value); setOpen(true); }}
        onFocus={() => setOpen(true)}
        onBlur={(e) => { if (!boxRef.current?.contains(e.relatedTarget as Node | null)) setOpen(false); }}
        onKeyDown={onKeyDown}
      />
      <kbd className={styles.kbd} aria-hidden="true" title={t.search.shortcut}>/</kbd>
      <span id={hintId} className={styles.srOnly}>{t.search.keys}</span>
      <span className={styles.srOnly} aria-live="polite">
        {expanded && status === 'done' && rows.length ? t.search.found(rows.length) : ''}
      </span>
      <div className={styles.popup} hidden={!expanded}>
        <ul id={listId} role="listbox" aria-label={t.search.results} className={styles.list}>
          {rows.map((r, i) => (
            <li
              key={r.id}
              id={`${id}-opt-${i}`}
              role="option"
              aria-selected={i === active}
              className={i === active ? `${styles.option} ${styles.active}` : styles.option}
              onPointerDown={(e) => e.preventDefault() /* keep focus in the box */}
              onPointerEnter={(e) => { if (e.pointerType === 'mouse') setActive(i); }}
              onClick={() => go(r)}
            >
              <span className={styles.name}>{r.name}</span>
              <span className={styles.matched}>
                <span className={styles.field}>{t.search.fields[r.matched.field] ?? r.matched.field}:</span> {r.matched.field === 'phone' ? formatPhone(r.matched.value) : r.matched.value}
              </span>
            </li>
          ))}
        </ul>
        {message && <p className={styles.message} role="status">{message}</p>}
      </div>
    </div>
    </>
  );
}

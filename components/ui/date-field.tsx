'use client';
// A date field that reads and writes ДД.ММ.ГГГГ whatever the browser's locale (a native date input
// follows it: 12/07/2026 in an English Chromium). The text field itself is the form field, so the
// form works without JavaScript (the parsers take ДД.ММ.ГГГГ and ISO alike: dateParamSchema); the
// calendar button opens the browser's own picker on a hidden native input.
import { useRef } from 'react';
import { t } from '@/lib/i18n/ru';

/** `2026-11-19` → `19.11.2026`; anything else as it is. */
const toRu = (iso: string) => (/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso.slice(8, 10)}.${iso.slice(5, 7)}.${iso.slice(0, 4)}` : iso);

export function DateField({ name, value, max, onCommit, required, title }: {
  name: string;
  /** ISO date. */
  value: string;
  /** ISO date: the newest allowed (the picker stops there). */
  max?: string;
  /** Called after a complete date is typed or picked (e.g. submit the form). */
  onCommit?: (input: HTMLInputElement) => void;
  required?: boolean;
  title?: string;
}) {
  const text = useRef<HTMLInputElement>(null);
  const picker = useRef<HTMLInputElement>(null);
  const commit = () => { if (text.current) onCommit?.(text.current); };
  return (
    <span className="date-field">
      <input ref={text} type="text" name={name} defaultValue={toRu(value)} inputMode="numeric" autoComplete="off"
        placeholder={t.common.datePlaceholder} pattern="\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d{2}-\d{2}" required={required}
        title={title ?? t.common.dateHint} size={10}
        onChange={(e) => { if (/^\d{2}\.\d{2}\.\d{4}$/.test(e.currentTarget.value)) commit(); }}
        onKeyDown={(e) => { if (e.key === 'Enter') commit(); }} />
      <button type="button" className="date-field-pick" aria-label={t.common.pickDate} title={t.common.pickDate}
        onClick={() => { const p = picker.current; if (p) { p.value = value; try { p.showPicker(); } catch { p.focus(); } } }}>
        <svg aria-hidden="true" viewBox="0 0 20 20" width="18" height="18"><path fill="currentColor" d="M6 2h2v2h4V2h2v2h2a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2h2V2zm10 6H4v8h12V8z" /></svg>
      </button>
      <input ref={picker} type="date" className="date-field-native" tabIndex={-1} aria-hidden="true" max={max}
        onChange={(e) => { const v = e.currentTarget.value; if (v && text.current) { text.current.value = toRu(v); commit(); } }} />
    </span>
  );
}

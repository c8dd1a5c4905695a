'use client';
// A money figure on a tile: compact (`15,3 млн ₽`), never broken across lines; the exact figure
// in its title on hover, and in place after a tap or a key press (a touch screen has no hover).
import { useState } from 'react';
import { formatMoney, formatMoneyCompact } from '@/lib/format';
import { t } from '@/lib/i18n/ru';

export function TileMoney({ value, testId }: { value: number | string | null; testId?: string }) {
  const [exact, setExact] = useState(false);
  const full = formatMoney(value);
  const short = formatMoneyCompact(value);
  if (full === short || value === null) return <span className="money" data-testid={testId}>{full}</span>;
  return (
    <button type="button" className="money money-toggle" data-testid={testId} title={full}
      aria-pressed={exact} onClick={() => setExact((x) => !x)}>
      {exact ? full : short}
      {/* Its name starts with what it shows (WCAG 2.5.3), then the exact figure. */}
      {!exact && <span className="sr-only"> ({t.common.exactMoney(full)})</span>}
    </button>
  );
}

// The client's place in the default ABC/XYZ and growth × share views (revenue, 12 months, as known
// on the card's date, among the caller's clients), each opening that view. The page streams it in
// after the card (Suspense): a specialist's population is classified on the fly, which should not
// hold up the rest of the card.
import Link from 'next/link';
import type { ClientClasses } from '@/lib/abc/abc-xyz';
import { formatPct } from '@/lib/format';
import { t } from '@/lib/i18n/ru';
import s from './card.module.css';

/** `asOfParam`: the card's date when it is not the newest (the views default to the newest). */
export function CardClasses({ classes, asOfParam }: { classes: ClientClasses | null; asOfParam?: string }) {
  const k = t.card;
  if (!classes) return <p className={`muted small ${s.classes}`}>{k.noClasses}</p>;
  const at = asOfParam ? `asOf=${asOfParam}` : '';
  const cell = `${classes.abc}-${classes.xyz}`;
  return (
    <p className={s.classes} data-testid="card-classes">
      <span className="muted">{k.abcXyz}:</span>{' '}
      <Link href={`/abc-xyz?cell=${cell}${at ? `&${at}` : ''}#cell-list`}>
        {k.abcXyzValue(`${classes.abc}-${t.abc.xyzShort[classes.xyz]}`, classes.cv === null ? null : formatPct(classes.cv))}
      </Link>
      <span className={s.sep} aria-hidden="true">·</span>
      <span className="muted">{k.quadrant}:</span>{' '}
      {classes.quadrant === null ? t.common.dash : (
        <Link href={`/bcg${at ? `?${at}` : ''}`}>
          {k.quadrantValue(t.bcg.quadrant1[classes.quadrant], classes.growthPct === null ? t.bcg.isNewShort : formatPct(classes.growthPct))}
        </Link>
      )}
      <span className="muted small"> ({k.classesHint})</span>
    </p>
  );
}

/** Holds the line's place while the classes are worked out. */
export function CardClassesPending() {
  return <p className={`muted small ${s.classes}`} aria-busy="true">{t.card.classesPending}</p>;
}

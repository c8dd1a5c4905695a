// A loader rule on the Загрузки pages: its Russian name, with the key (as in the journal, the
// report and the API) small beside it and in the title, so support can still quote it.
import { ruleName, splitRule } from '@/lib/load/rules';
import { t } from '@/lib/i18n/ru';

/** `Нет в справочнике reference`: name, then the key in small code. */
export function LoadRule({ rule }: { rule: string }) {
  return (
    <span title={t.loadInfo.ruleTitle(rule)}>
      {ruleName(rule)} <code className="mono muted small">{rule}</code>
    </span>
  );
}

/** A load message with its `[правило …]` mark shown as a named rule. */
export function LoadMessage({ message }: { message: string }) {
  const { text, rule } = splitRule(message);
  if (!rule) return <>{message}</>;
  return <>{text} <span className="nowrap">[<LoadRule rule={rule} />]</span></>;
}

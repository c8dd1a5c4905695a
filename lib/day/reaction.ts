// When a threat counts as reacted to, as known on D (metrics.md control 6 "reaction speed": hours from
// raised_at to first_reaction_at): its own first_reaction_at by the end of D, or, when the CRM did not
// record one, the first contact done with the client after the threat was raised (an interaction is
// the specialist's reaction; issue 5: "whether anyone reacted"). The earlier of the two is the reaction.
// `th` names the threats relation (client_id, raised_at, first_reaction_at) in the caller's query.

/** New threats: raised within this many days up to D (D included). */
export const NEW_THREAT_DAYS = 7;

const byD = (col: string) => `${col} < $asOf::DATE + INTERVAL 1 DAY`;

/** Threat `th` is open on D: raised by the end of D and not resolved by then. */
export const openOnD = (th = 'th') => `${byD(`${th}.raised_at`)} AND (${th}.resolved_at IS NULL OR NOT ${byD(`${th}.resolved_at`)})`;

/** The reaction timestamp of threat `th` as known on D (NULL: nobody reacted yet). */
export function reactionAtSql(th = 'th'): string {
  return `least(
    CASE WHEN ${byD(`${th}.first_reaction_at`)} THEN ${th}.first_reaction_at END,
    (SELECT min(x.occurred_at) FROM interactions x
      WHERE x.client_id = ${th}.client_id AND x.occurred_at >= ${th}.raised_at AND ${byD('x.occurred_at')}))`;
}

/**
 * A CTE `late_int(interaction_id)`: contacts done after D. An agreement is known on D ("made by D")
 * unless its contact happened after D; reading these few rows and anti-joining them costs a fraction
 * of joining every agreement to all interactions by interaction_id (a full scan of both at 200,000
 * clients: 400 ms).
 */
export const LATE_INTERACTIONS_CTE = `late_int AS MATERIALIZED (SELECT interaction_id FROM interactions WHERE NOT ${byD('occurred_at')})`;
/** Agreement `a` was made by D (needs LATE_INTERACTIONS_CTE). */
export const madeByD = (a = 'a') => `(${a}.interaction_id IS NULL OR ${a}.interaction_id NOT IN (SELECT interaction_id FROM late_int))`;

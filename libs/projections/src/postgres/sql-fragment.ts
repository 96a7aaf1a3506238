/**
 * A piece of SQL with `?` placeholders (MikroORM's `em.execute` syntax) and the values bound
 * to them, in order. Compose fragments with {@link sql}, so values never become SQL text.
 */
export class SqlFragment {
  constructor(
    /** SQL text; `?` marks a parameter and appears nowhere else. */
    readonly text: string,
    /** Values of the `?` placeholders, in order. */
    readonly params: readonly unknown[] = [],
  ) {}
}

/** The constant `TRUE`, recognised by {@link and}, {@link or} and {@link not} to fold conditions. */
export const SQL_TRUE = new SqlFragment('TRUE');

/** The constant `FALSE`, recognised by {@link and}, {@link or} and {@link not}. */
export const SQL_FALSE = new SqlFragment('FALSE');

/**
 * Template tag building a {@link SqlFragment}: an interpolated fragment is inlined with its
 * parameters, any other value becomes a `?` parameter.
 * @throws Error when the literal SQL itself contains `?` (it would shift the parameters).
 */
export function sql(strings: TemplateStringsArray, ...values: unknown[]): SqlFragment {
  let text = literal(strings[0]);
  const params: unknown[] = [];
  values.forEach((value, i) => {
    if (value instanceof SqlFragment) {
      text += value.text;
      params.push(...value.params);
    } else {
      text += '?';
      params.push(value);
    }
    text += literal(strings[i + 1]);
  });
  return new SqlFragment(text, params);
}

/** Trusted SQL text without parameters (identifiers, keywords), checked to hold no `?`. */
export function rawSql(text: string): SqlFragment {
  return new SqlFragment(literal(text));
}

/** `parts` separated by `separator` (trusted SQL text). */
export function joinSql(parts: readonly SqlFragment[], separator: string): SqlFragment {
  return new SqlFragment(
    parts.map((part) => part.text).join(literal(separator)),
    parts.flatMap((part) => part.params),
  );
}

/** Conjunction, folding the constants: `TRUE` operands vanish, a `FALSE` one wins. */
export function and(...conditions: SqlFragment[]): SqlFragment {
  if (conditions.includes(SQL_FALSE)) return SQL_FALSE;
  const rest = conditions.filter((condition) => condition !== SQL_TRUE);
  if (rest.length === 0) return SQL_TRUE;
  return rest.length === 1 ? rest[0] : sql`(${joinSql(rest, ' AND ')})`;
}

/** Disjunction, folding the constants: `FALSE` operands vanish, a `TRUE` one wins. */
export function or(...conditions: SqlFragment[]): SqlFragment {
  if (conditions.includes(SQL_TRUE)) return SQL_TRUE;
  const rest = conditions.filter((condition) => condition !== SQL_FALSE);
  if (rest.length === 0) return SQL_FALSE;
  return rest.length === 1 ? rest[0] : sql`(${joinSql(rest, ' OR ')})`;
}

/** Two-valued negation: `NULL` (an unknown comparison) counts as false, so its negation is true. */
export function not(condition: SqlFragment): SqlFragment {
  if (condition === SQL_TRUE) return SQL_FALSE;
  if (condition === SQL_FALSE) return SQL_TRUE;
  return sql`(${condition}) IS NOT TRUE`;
}

function literal(text: string): string {
  if (text.includes('?')) throw new Error(`SQL text must not contain "?": ${text}`);
  return text;
}

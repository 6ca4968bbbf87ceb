/**
 * Keyset (cursor) pagination: `after` / `before` hold the orderBy values of a row, and
 * the page is the rows that sort after (before) it. Unlike OFFSET, the server skips
 * straight to the cursor through an index on the orderBy columns, so page 1,000 costs
 * what page 1 does.
 *
 * The condition is the lexicographic "sorts after" of the ordering, column by column, with
 * each column's direction and nulls placement:
 *   c1 after v1  OR  (c1 = v1 AND c2 after v2)  OR ...
 * When every column sorts the same way and none may be null it is a row comparison,
 * `(c1, c2) > (v1, v2)`, which PostgreSQL matches to a btree index directly; otherwise a
 * bound on the first column (`c1 >= v1`) is added so that an index on it still applies.
 * The ordering must contain a unique key of non-null columns, so that no two rows tie and
 * no row is skipped or repeated between pages.
 */
import type { ColumnMeta, TableMeta } from '../meta.js'
import { joinPath, knownKeys, ownCopy } from '../input.js'
import { EncodeError } from '../types.js'
import type { BuildContext } from './context.js'
import type { OrderTerm } from './order.js'

/** Whether nulls come after every value in this term's order (PostgreSQL's default: last ascending, first descending). */
function nullsLast(term: OrderTerm): boolean {
  return term.nulls === undefined ? !term.descending : term.nulls === 'last'
}

/**
 * The term as read backwards: `before` is `after` in the reversed order. PostgreSQL's
 * default placement reverses with the direction (ASC puts nulls last, DESC first), so only
 * a placement that was written out needs turning around.
 */
export function reversed(term: OrderTerm): OrderTerm {
  return { ...term, descending: !term.descending, nulls: term.nulls === undefined ? undefined : term.nulls === 'first' ? 'last' : 'first' }
}

/** The orderBy columns, when they can carry a cursor: the table's own, including a unique key of non-null columns. */
function cursorColumns(meta: TableMeta, terms: readonly OrderTerm[], ctx: BuildContext, at: string): ColumnMeta[] | undefined {
  if (terms.length === 0) {
    ctx.issues.add(at, 'needs an orderBy that ends in a unique key (such as the primary key)')
    return undefined
  }
  const columns: ColumnMeta[] = []
  for (const term of terms) {
    if (!term.column) {
      ctx.issues.add(at, "cannot follow an orderBy on a relation; order by the table's own columns")
      return undefined
    }
    columns.push(term.column)
  }
  const keys = [meta.primaryKey, ...meta.uniqueKeys].filter((key) => key.length > 0)
  const unique = keys.some((key) => key.every((k) => columns.some((c) => c.key === k && !c.nullable)))
  if (!unique) {
    const hint = meta.primaryKey.length > 0 ? ` (add { ${meta.primaryKey.join(', ')}: ... } at the end)` : ''
    ctx.issues.add(at, `needs an orderBy that includes a unique key of non-null columns, so that rows never tie${hint}`)
    return undefined
  }
  return columns
}

/**
 * The condition of `after` (or `before`) for `terms` (the ordering as written), values
 * read from `cursor`, which must give every orderBy column.
 */
export function keysetCondition(meta: TableMeta, terms: readonly OrderTerm[], cursor: unknown, which: 'after' | 'before', ctx: BuildContext): string | undefined {
  const issues = ctx.issues
  const columns = cursorColumns(meta, terms, ctx, which)
  if (!columns) return undefined
  const given = ownCopy(issues, cursor, which, `an object of the orderBy values of a row (${columns.map((c) => c.key).join(', ')})`)
  if (!given) return undefined
  for (const key of Object.keys(given)) {
    if (!columns.some((c) => c.key === key)) issues.add(joinPath(which, key), `is not in orderBy; expected ${knownKeys(columns.map((c) => c.key))}`)
  }
  const values: (string | null)[] = []
  for (const column of columns) {
    const path = joinPath(which, column.key)
    const value = given[column.key]
    if (value === undefined) {
      issues.add(path, 'is missing: a cursor gives the value of every orderBy column (take them from the last row seen)')
      values.push(null)
    } else if (value === null) {
      if (!column.nullable) issues.add(path, `is null, but ${column.key} is never null`)
      values.push(null)
    } else {
      try {
        values.push(column.encode(value))
      } catch (error) {
        if (!(error instanceof EncodeError)) throw error
        issues.add(path, error.message)
        values.push(null)
      }
    }
  }
  if (issues.list.length > 0) return undefined
  const order = which === 'after' ? terms : terms.map(reversed)
  const refs = order.map((t) => t.ref)
  const placeholders = values.map((value, i) => (value === null ? null : `${ctx.params.add(value)}::${columns[i]!.cast}`))

  const sameWay = order.every((t) => t.descending === order[0]!.descending)
  if (sameWay && placeholders.every((p) => p !== null) && columns.every((c) => !c.nullable)) {
    return `(${refs.join(', ')}) ${order[0]!.descending ? '<' : '>'} (${placeholders.join(', ')})`
  }
  const alternatives: string[] = []
  for (let i = 0; i < order.length; i++) {
    const strictly = sortsAfter(order[i]!, columns[i]!, placeholders[i]!)
    if (strictly === 'FALSE') continue
    const equalBefore = order.slice(0, i).map((t, j) => (placeholders[j] === null ? `${t.ref} IS NULL` : `${t.ref} = ${placeholders[j]}`))
    alternatives.push([...equalBefore, strictly].join(' AND '))
  }
  if (alternatives.length === 0) return 'FALSE'
  const any = alternatives.length === 1 ? alternatives[0]! : alternatives.map((a) => `(${a})`).join(' OR ')
  // The first column's bound, which an index on it can use; the alternatives narrow the ties.
  const first = order[0]!
  const firstValue = placeholders[0]!
  const bound =
    firstValue === null || (columns[0]!.nullable && nullsLast(first))
      ? undefined
      : `${first.ref} ${first.descending ? '<=' : '>='} ${firstValue}`
  return bound ? `${bound} AND (${any})` : any
}

/** `ref` sorts strictly after the value (`placeholder`, null for NULL) in this term's order. */
function sortsAfter(term: OrderTerm, column: ColumnMeta, placeholder: string | null): string {
  const last = nullsLast(term)
  if (placeholder === null) return last ? 'FALSE' : `${term.ref} IS NOT NULL`
  const compare = `${term.ref} ${term.descending ? '<' : '>'} ${placeholder}`
  return column.nullable && last ? `(${compare} OR ${term.ref} IS NULL)` : compare
}

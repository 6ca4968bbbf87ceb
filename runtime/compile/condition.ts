/**
 * Conditions (the pieces of a WHERE clause) and what each one reaches, and the parameters
 * of filter values: one value, or a list as one array parameter cast to the column's array
 * type, so that the parameter count never grows with the data.
 */
import type { ColumnMeta } from '../meta.js'
import { joinPath } from '../input.js'
import { EncodeError, encodeArray, type Encoder } from '../types.js'
import type { BuildContext } from './context.js'

/**
 * What a condition matches, as far as its shape tells: every row (`{}`, `notIn: []`,
 * `isNull: false` on a NOT NULL column), no row (`OR: []`, `in: []`), or some.
 */
export type Reach = 'all' | 'none' | 'some'

/**
 * A compiled condition. Writes refuse one that reaches every row, or that is `empty`:
 * built of combinators alone (`{}`, `{ NOT: {} }`, `{ AND: [{}] }`), with no condition
 * on a column or relation, and no `OR: []`, to narrow by.
 */
export interface Condition {
  readonly sql: string
  readonly reach: Reach
  readonly empty: boolean
}

/** The condition of a filter that gives none: every row. */
const nothingGiven: Condition = { sql: 'TRUE', reach: 'all', empty: true }
export const everyRow: Condition = { sql: 'TRUE', reach: 'all', empty: false }
export const noRow: Condition = { sql: 'FALSE', reach: 'none', empty: false }
/** Stands in for a condition that was rejected (an issue is recorded; nothing is sent). */
export const rejected = noRow

export function some(sql: string): Condition {
  return { sql, reach: 'some', empty: false }
}

/** `sql` that matches what `reach` says (used where the text is not a constant). */
export function reaching(sql: string, reach: Reach): Condition {
  return { sql, reach, empty: false }
}

/** Conditions joined with AND; an empty list is every row. */
export function allOf(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return nothingGiven
  if (conditions.length === 1) return conditions[0]!
  const reach = conditions.some((c) => c.reach === 'none') ? 'none' : conditions.every((c) => c.reach === 'all') ? 'all' : 'some'
  const sql = conditions.map((c) => (c.sql.startsWith('(') ? c.sql : `(${c.sql})`)).join(' AND ')
  return { sql, reach, empty: conditions.every((c) => c.empty) }
}

/** Conditions joined with OR; an empty list is no row. */
export function anyOf(conditions: readonly Condition[]): Condition {
  if (conditions.length === 0) return noRow
  const reach = conditions.some((c) => c.reach === 'all') ? 'all' : conditions.every((c) => c.reach === 'none') ? 'none' : 'some'
  return { sql: '(' + conditions.map((c) => `(${c.sql})`).join(' OR ') + ')', reach, empty: conditions.every((c) => c.empty) }
}

export function not(condition: Condition, sql: string): Condition {
  const reach = condition.reach === 'all' ? 'none' : condition.reach === 'none' ? 'all' : 'some'
  return { sql, reach, empty: condition.empty }
}

export function encodeWith(encode: Encoder, value: unknown, path: string, ctx: BuildContext): string {
  try {
    return encode(value)
  } catch (error) {
    if (error instanceof EncodeError) {
      ctx.issues.add(path, error.message)
      return ''
    }
    throw error
  }
}

export function param(column: ColumnMeta, value: unknown, path: string, ctx: BuildContext): string {
  return ctx.params.add(encodeWith(column.encode, value, path, ctx))
}

/** A list of values as one array parameter, cast to the column's array type. */
export function listParam(column: ColumnMeta, items: readonly unknown[], path: string, ctx: BuildContext): string {
  items.forEach((item, i) => {
    if (item === null || item === undefined) ctx.issues.add(joinPath(path, i), `is ${item}; lists cannot hold null or undefined`)
  })
  const text = encodeWith((v) => encodeArray(v, column.encode), items, path, ctx)
  return ctx.params.add(text) + '::' + column.arrayCast
}

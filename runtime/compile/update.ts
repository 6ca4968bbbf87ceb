/**
 * UPDATE and DELETE statements. Their filter must narrow, or `all: true` say that every
 * row is meant (compileWriteFilter); an update's values are validated already
 * (../client/rows.ts).
 */
import { joinPath, type Issues, type Own } from '../input.js'
import { EncodeError } from '../types.js'
import type { ColumnMeta, TableMeta } from '../meta.js'
import type { Statement } from '../query.js'
import type { BuildContext, Params } from './context.js'
import { encodeValue } from './values.js'
import { compileWriteFilter } from './where.js'

/**
 * A change of a column's value computed from its current value, in `set`:
 * - `{ increment: n }` / `{ decrement: n }` of a number column;
 * - `{ merge: object }` of a jsonb column (`||`: top-level keys replaced or added);
 * - `{ path: [...keys], value }` of a jsonb column (that key set, missing objects on the way created);
 * - `{ append: x | [x, ...] }` / `{ remove: x }` of an array column (`remove`: every equal element).
 */
export type ColumnChange =
  | { readonly kind: 'increment' | 'decrement'; readonly column: ColumnMeta; readonly value: unknown }
  | { readonly kind: 'merge'; readonly column: ColumnMeta; readonly value: unknown }
  | { readonly kind: 'setPath'; readonly column: ColumnMeta; readonly path: readonly string[]; readonly value: unknown }
  | { readonly kind: 'append'; readonly column: ColumnMeta; readonly value: unknown; readonly many: boolean }
  | { readonly kind: 'remove'; readonly column: ColumnMeta; readonly value: unknown }

/** `"a" = $1, "n" = t0."n" + $2::int4`: plain values in declaration order, then the changes. */
export function setClause(meta: TableMeta, plain: Own, changes: readonly ColumnChange[], params: Params, issues: Issues): string {
  const parts: string[] = []
  for (const column of meta.columns) {
    if (Object.hasOwn(plain, column.key)) parts.push(`${column.quoted} = ${params.add(encodeValue(issues, column, plain[column.key], `set.${column.key}`))}`)
  }
  for (const change of changes) parts.push(`${change.column.quoted} = ${changeExpression(change, params, issues)}`)
  return parts.join(', ')
}

function changeExpression(change: ColumnChange, params: Params, issues: Issues): string {
  const { column } = change
  const current = `t0.${column.quoted}`
  const path = `set.${column.key}`
  switch (change.kind) {
    case 'increment':
    case 'decrement': {
      if (change.value === null) issues.add(path, 'cannot increment or decrement by null')
      const amount = params.add(encodeValue(issues, column, change.value, path))
      return `${current} ${change.kind === 'increment' ? '+' : '-'} ${amount}::${column.cast}`
    }
    case 'merge':
      // A NULL column is merged into as if it were {} (NULL || x would stay NULL).
      return `coalesce(${current}, '{}'::jsonb) || ${params.add(encodeValue(issues, column, change.value, joinPath(path, 'merge')))}::jsonb`
    case 'setPath': {
      const value = params.add(encodeValue(issues, column, change.value, joinPath(path, 'value')))
      return setPathExpression(`coalesce(${current}, '{}'::jsonb)`, change.path, `${value}::jsonb`, params)
    }
    case 'append': {
      const encoded = params.add(encodeValue(issues, column, change.many ? change.value : [change.value], joinPath(path, 'append')))
      return `coalesce(${current}, '{}') || ${encoded}::${column.cast}`
    }
    case 'remove': {
      const element = encodeElement(issues, column, change.value, joinPath(path, 'remove'))
      return `array_remove(${current}, ${params.add(element)}::${column.elementCast})`
    }
  }
}

/**
 * `jsonb_set` of a path, one level at a time: jsonb_set alone leaves the value unchanged
 * when a key on the way is missing, which would lose the write without a word.
 */
function setPathExpression(base: string, path: readonly string[], value: string, params: Params): string {
  const key = params.add(path[0]!)
  if (path.length === 1) return `jsonb_set(${base}, ARRAY[${key}::text], ${value}, true)`
  const inner = setPathExpression(`coalesce(${base} -> ${key}::text, '{}'::jsonb)`, path.slice(1), value, params)
  return `jsonb_set(${base}, ARRAY[${key}::text], ${inner}, true)`
}

function encodeElement(issues: Issues, column: ColumnMeta, value: unknown, path: string): string | null {
  if (value === null || value === undefined) {
    issues.add(path, `is ${value}; give the element to remove`)
    return null
  }
  try {
    return column.encodeElement(value)
  } catch (error) {
    if (!(error instanceof EncodeError)) throw error
    issues.add(path, error.message)
    return null
  }
}

/** `UPDATE <table> AS t0 SET ... WHERE ... [RETURNING <every column>]` (`args`: a copy of the call's). */
export function updateStatement(meta: TableMeta, set: string, args: Own, returning: boolean, ctx: BuildContext): Statement {
  const where = compileWriteFilter(meta, 'update', args, ctx)
  ctx.issues.throwIfAny()
  return { text: `UPDATE ${meta.quoted} AS t0 SET ${set}${where}${returning ? ` RETURNING ${meta.selectAll}` : ''}`, params: ctx.params.values }
}

/** `DELETE FROM <table> AS t0 WHERE ...` (`args`: a copy of the call's). */
export function deleteStatement(meta: TableMeta, args: Own, ctx: BuildContext): Statement {
  const where = compileWriteFilter(meta, 'delete', args, ctx)
  ctx.issues.throwIfAny()
  return { text: `DELETE FROM ${meta.quoted} AS t0${where}`, params: ctx.params.values }
}

/**
 * UPDATE and DELETE statements. Their filter must narrow, or `all: true` say that every
 * row is meant (compileWriteFilter); an update's values are validated already
 * (../client/rows.ts).
 */
import type { Issues, Own } from '../input.js'
import type { ColumnMeta, TableMeta } from '../meta.js'
import type { Statement } from '../query.js'
import type { BuildContext, Params } from './context.js'
import { encodeValue } from './values.js'
import { compileWriteFilter } from './where.js'

/** `{ increment: n }` / `{ decrement: n }` of a numeric column in `set`. */
export interface NumericChange {
  readonly column: ColumnMeta
  readonly op: '+' | '-'
  readonly value: unknown
}

/** `"a" = $1, "n" = t0."n" + $2::int4`: plain values in declaration order, then the changes. */
export function setClause(meta: TableMeta, plain: Own, changes: readonly NumericChange[], params: Params, issues: Issues): string {
  const parts: string[] = []
  for (const column of meta.columns) {
    if (Object.hasOwn(plain, column.key)) parts.push(`${column.quoted} = ${params.add(encodeValue(issues, column, plain[column.key], `set.${column.key}`))}`)
  }
  for (const { column, op, value } of changes) {
    if (value === null) issues.add(`set.${column.key}`, 'cannot increment or decrement by null')
    const amount = params.add(encodeValue(issues, column, value, `set.${column.key}`))
    parts.push(`${column.quoted} = t0.${column.quoted} ${op} ${amount}::${column.cast}`)
  }
  return parts.join(', ')
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

/** A column's type and its default as SQL. */
import type { AnyColumn } from '../../../schema/dsl.js'
import type { ColumnType } from '../../../schema/model.js'
import { isNumericType, isSerialType, pgTypeOf } from '../../../schema/column-types.js'
import { quoteLiteral } from '../../../runtime/sql.js'
import { columnEncoder, EncodeError } from '../../../runtime/types.js'
import { ddlOf, type Context, type Where } from './context.js'

export function columnType(column: AnyColumn): ColumnType {
  const d = column.definition
  return {
    name: d.type,
    length: d.length ?? null,
    precision: d.precision ?? null,
    scale: d.scale ?? null,
    enumName: d.enumType?.name ?? null,
    dimensions: d.dimensions,
  }
}

/**
 * The DEFAULT expression: a `sql` fragment as written, a value encoded as PostgreSQL reads
 * it (numbers and booleans bare, everything else a literal), or null.
 */
export function renderDefault(ctx: Context, column: AnyColumn, at: Where): string | null {
  const d = column.definition
  const value = d.default
  if (isSerialType(d.type) && value) {
    ctx.diagnostics.push({ ...at, message: 'a serial column already has a default (its sequence)', hint: 'remove .default(), or use t.integer()' })
  }
  if (!value) return null
  if (value.kind === 'sql') return ddlOf(ctx, value.sql, at, 'default') ?? null
  if (value.value === null) {
    if (!d.nullable) ctx.diagnostics.push({ ...at, message: 'has default null but is not nullable', hint: 'add .nullable() or choose another default' })
    return 'NULL'
  }
  let text: string
  try {
    text = columnEncoder(pgTypeOf(d.type), d.dimensions, d.enumType?.values)(value.value)
  } catch (error) {
    if (!(error instanceof EncodeError)) throw error
    ctx.diagnostics.push({ ...at, message: `default of the wrong type: ${error.message}`, hint: `give ${/^[aeiou]/.test(d.type) ? 'an' : 'a'} ${d.type}${'[]'.repeat(d.dimensions)} value` })
    return null
  }
  if (d.dimensions === 0 && isNumericType(d.type) && /^-?\d+(\.\d+)?$/.test(text)) return text
  if (d.dimensions === 0 && d.type === 'boolean') return text === 't' ? 'true' : 'false'
  return quoteLiteral(text)
}

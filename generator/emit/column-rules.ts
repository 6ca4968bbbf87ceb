/**
 * What a column's values must meet beyond their type, worked out once from its validators
 * and its type's row: the zod schema (table-zod.ts) applies these rules, and the table's
 * metadata (table-meta.ts) hands the same rules to the runtime's plain-code check, which
 * takes writes past zod when they pass (runtime/values/accept.ts).
 */
import type { ColumnModel } from '../../schema/model.js'
import { rowOf } from './column-values.js'

export interface ColumnRules {
  /** Bounds of the text's length (of every element's, in an array of text). */
  readonly minLength?: number
  readonly maxLength?: number
  /** Bounds of a scalar number, as literal text (an int8's a bigint literal, `0n`). */
  readonly min?: string
  readonly max?: string
  /** numeric(p, s): at most p - s digits before the point (of every element's too). */
  readonly wholeDigits?: number
  /** Bounds of an array's length (the outermost dimension). */
  readonly minItems?: number
  readonly maxItems?: number
  /** Rules only zod checks: the runtime asks the column's zod schema. */
  readonly email?: true
  readonly url?: true
  readonly regex?: { readonly source: string; readonly flags: string }
}

/** A bound of a bigint column as a bigint literal (a fractional bound rounded inwards). */
function bigintBound(text: string, side: 'min' | 'max'): string {
  if (/^-?\d+$/.test(text)) return `${text}n`
  const value = Number(text)
  return `${BigInt(side === 'min' ? Math.ceil(value) : Math.floor(value))}n`
}

export function columnRules(column: ColumnModel): ColumnRules {
  const row = rowOf(column)
  const v = column.validators
  const scalar = column.type.dimensions === 0
  const rules: { -readonly [K in keyof ColumnRules]: ColumnRules[K] } = {}
  if (row.tsFrom === 'enum') {
    // An enum's values are its rule.
  } else if (row.measure === 'length') {
    if (v.email) rules.email = true
    else if (v.url) rules.url = true
    // The length bounds apply to the text (of an array's elements too, as they always have).
    const limit = row.parameters === 'length' ? column.type.length : null
    const max = [limit, v.maxLength].filter((n): n is number => n !== null)
    if (v.minLength !== null) rules.minLength = v.minLength
    if (max.length > 0) rules.maxLength = Math.min(...max)
    if (v.regex) rules.regex = v.regex
  }
  if (row.zodBounds === 'options' && row.parameters === 'precision' && column.type.precision !== null) {
    rules.wholeDigits = Math.max(column.type.precision - (column.type.scale ?? 0), 0)
  }
  // Number bounds apply to a scalar's value; an array's elements are not bounded.
  if (scalar && row.zodBounds !== undefined) {
    const big = row.zodBounds === 'bigintMethods'
    if (v.min !== null) rules.min = big ? bigintBound(v.min, 'min') : v.min
    if (v.max !== null) rules.max = big ? bigintBound(v.max, 'max') : v.max
  }
  if (!scalar) {
    if (v.minLength !== null) rules.minItems = v.minLength
    if (v.maxLength !== null) rules.maxItems = v.maxLength
  }
  return rules
}

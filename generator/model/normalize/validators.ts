/** Validators (`.min() .max() .length() .email() .url() .regex()`): checked against the column type, and the CHECK SQL can express. */
import type { AnyColumn } from '../../../schema/dsl.js'
import type { ColumnModel, ValidatorsModel } from '../../../schema/model.js'
import { isNumericType, isTextType } from '../../../schema/column-types.js'
import { quoteIdent } from '../../../runtime/sql.js'
import type { Context, Where } from './context.js'

export const noValidators: ValidatorsModel = { min: null, max: null, minLength: null, maxLength: null, email: false, url: false, regex: null }

export function normalizeValidators(ctx: Context, column: AnyColumn, at: Where): ValidatorsModel {
  const d = column.definition
  const v = d.validators
  const numeric = d.dimensions === 0 && isNumericType(d.type)
  const text = d.dimensions === 0 && isTextType(d.type)
  const array = d.dimensions > 0
  const typeName = `${d.type}${'[]'.repeat(d.dimensions)}`
  const bound = (name: 'min' | 'max'): string | null => {
    const value = v[name]
    if (value === undefined) return null
    if (!numeric && !text) {
      ctx.diagnostics.push({ ...at, message: `.${name}() applies to numbers (value) and text (length), not to ${typeName}` })
      return null
    }
    const ok = typeof value === 'number' ? Number.isFinite(value) : typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value))
    if (!ok || (text && !(typeof value === 'number' && Number.isInteger(value) && value >= 0))) {
      ctx.diagnostics.push({ ...at, message: `.${name}(${String(value)}) needs ${text ? 'a non-negative integer length' : 'a number'}` })
      return null
    }
    return String(value)
  }
  const min = bound('min')
  const max = bound('max')
  // `.length(n)` sets both bounds: a column type it does not apply to is one problem.
  const lengths = [v.minLength, v.maxLength].filter((value) => value !== undefined)
  if (lengths.length > 0 && !text && !array) ctx.diagnostics.push({ ...at, message: `.length() applies to text and arrays, not to ${d.type}` })
  else {
    for (const value of lengths) {
      if (!Number.isInteger(value) || value < 0) ctx.diagnostics.push({ ...at, message: `.length() needs non-negative integers, got ${String(value)}` })
    }
  }
  for (const name of ['email', 'url', 'regex'] as const) {
    if (v[name] && !text) ctx.diagnostics.push({ ...at, message: `.${name}() applies to text columns, not to ${typeName}` })
  }
  const minLength = text || array ? (v.minLength ?? (text && min !== null ? Number(min) : null)) : null
  const maxLength = text || array ? (v.maxLength ?? (text && max !== null ? Number(max) : null)) : null
  return {
    min: numeric ? min : null,
    max: numeric ? max : null,
    minLength: minLength ?? null,
    maxLength: maxLength ?? null,
    email: v.email === true,
    url: v.url === true,
    regex: v.regex instanceof RegExp ? { source: v.regex.source, flags: v.regex.flags } : null,
  }
}

/** The CHECK condition validators imply, where SQL can express them exactly. */
export function validatorCondition(column: ColumnModel): string | undefined {
  const v = column.validators
  const ref = quoteIdent(column.name)
  const parts: string[] = []
  if (v.min !== null) parts.push(`${ref} >= ${v.min}`)
  if (v.max !== null) parts.push(`${ref} <= ${v.max}`)
  const size = column.type.dimensions > 0 ? `cardinality(${ref})` : `char_length(${ref})`
  if (v.minLength !== null && v.maxLength !== null && v.minLength === v.maxLength) parts.push(`${size} = ${v.minLength}`)
  else {
    if (v.minLength !== null && v.minLength > 0) parts.push(`${size} >= ${v.minLength}`)
    if (v.maxLength !== null) parts.push(`${size} <= ${v.maxLength}`)
  }
  return parts.length === 0 ? undefined : parts.join(' AND ')
}

/**
 * The plain-code check of a write: whether a row to insert (or an update's plain values)
 * passes the table's generated zod schema, answered without zod. A write that passes goes
 * on without zod ever seeing it (zod allocates an output copy of every row it checks, most
 * of a small write's cost); one that does not is handed to zod, whose issues become the
 * ValidationError, so messages stay zod's. The check must never accept what zod refuses:
 * test/unit/accept.test.ts compares the two on every column type, by property.
 *
 * It reads what generated code declares: each column's type (its row in ../types.ts says
 * which JavaScript values the type takes, as the type's zod schema does), nullability,
 * default, enum values and `rules` (the bounds the zod schema applies, see
 * generator/emit/column-rules.ts). Rules only zod checks (email, url, a pattern) are asked
 * of the column's own zod schema.
 */
import { z } from 'zod'
import { isJsonValue } from '../json-value.js'
import type { Own, SchemaValidator } from '../input.js'

/** The bounds a column's zod schema applies beyond its type, as generated code declares them. */
export interface ValueRules {
  /** Of the text's length (of every element's, in an array of text). */
  readonly minLength?: number
  readonly maxLength?: number
  /** Of a scalar number's value (an int8's as bigints; a numeric's compared as numbers). */
  readonly min?: number | bigint
  readonly max?: number | bigint
  /** numeric(p, s): at most p - s digits before the point. */
  readonly wholeDigits?: number
  /** Of an array's length (the outermost dimension). */
  readonly minItems?: number
  readonly maxItems?: number
  /** A rule only the zod schema checks (email, url, a pattern): the column's schema is asked. */
  readonly zodOnly?: boolean
}

export type Accepts = (value: unknown) => boolean

// ---------------------------------------------------------------------------------------
// What each type takes (before rules): the type's zod schema, as plain code.

/** `z.int().min(-32768).max(32767)` */
export const acceptsInt2: Accepts = (v) => Number.isInteger(v) && (v as number) >= -32768 && (v as number) <= 32767
/** `z.int32()` */
export const acceptsInt4: Accepts = (v) => Number.isInteger(v) && (v as number) >= -2147483648 && (v as number) <= 2147483647
const int64Min = -(2n ** 63n)
const int64Max = 2n ** 63n - 1n
/** `z.int64()` */
export const acceptsInt8: Accepts = (v) => typeof v === 'bigint' && v >= int64Min && v <= int64Max
/** `floatValue()`: any number, NaN and the infinities included (a float column holds them). */
export const acceptsFloat: Accepts = (v) => typeof v === 'number'
/** `z.boolean()` */
export const acceptsBool: Accepts = (v) => typeof v === 'boolean'
/** `z.string()` */
export const acceptsString: Accepts = (v) => typeof v === 'string'
/** `z.guid()`: zod's own pattern. */
export const acceptsGuid: Accepts = (v) => typeof v === 'string' && test(z.core.regexes.guid, v)
/** `z.iso.date()`: zod's own pattern. */
export const acceptsIsoDate: Accepts = (v) => typeof v === 'string' && test(z.core.regexes.date, v)
/** `z.date()`: a Date that holds a time. */
export const acceptsDate: Accepts = (v) => v instanceof Date && !Number.isNaN(v.getTime())
/** `jsonValue` */
export const acceptsJson: Accepts = (v) => isJsonValue(v)
/** `z.instanceof(Uint8Array)` */
export const acceptsBytes: Accepts = (v) => v instanceof Uint8Array
/** `decimalString()` */
export const acceptsDecimal: Accepts = (v) => typeof v === 'string' && test(decimalPattern(undefined), v)

/** A global or sticky pattern remembers where it stopped: test from the start, as zod does. */
function test(pattern: RegExp, text: string): boolean {
  pattern.lastIndex = 0
  return pattern.test(text)
}

const anyDecimal = /^[+-]?(\d+(\.\d*)?|\.\d+)$|^NaN$|^[+-]?Infinity$/
const boundedDecimals = new Map<number, RegExp>()

/**
 * The text of a numeric value: any decimal, NaN or an infinity; with `wholeDigits` (a
 * numeric(p, s) column), at most that many digits before the point, and no infinity.
 * decimalString's zod schema (../number-values.ts) tests the same patterns.
 */
export function decimalPattern(wholeDigits: number | undefined): RegExp {
  if (wholeDigits === undefined) return anyDecimal
  let pattern = boundedDecimals.get(wholeDigits)
  if (!pattern) {
    pattern = wholeDigits > 0 ? new RegExp(`^[+-]?\\d{1,${wholeDigits}}(\\.\\d+)?$|^NaN$`) : /^[+-]?0?(\.\d+)?$|^NaN$/
    boundedDecimals.set(wholeDigits, pattern)
  }
  return pattern
}

// ---------------------------------------------------------------------------------------
// A column's values, with their rules

export interface AcceptedColumn {
  readonly key: string
  readonly dimensions: number
  readonly nullable: boolean
  readonly hasDefault: boolean
  readonly enumValues?: readonly string[]
  readonly rules?: ValueRules
  /** The type's check (its row's `accepts`). */
  readonly accepts: Accepts
  /** numeric: its bounds compare as numbers. */
  readonly decimal: boolean
}

/** A value of the column (not null, not undefined): its type, its rules, array by array. */
export function valueAcceptor(column: AcceptedColumn, zodColumn: SchemaValidator | undefined): Accepts {
  const rules = column.rules ?? {}
  if (rules.zodOnly) {
    if (!zodColumn) return () => false
    return (v) => zodColumn.safeParse(v).success
  }
  let element: Accepts
  if (column.enumValues) {
    const values = new Set(column.enumValues)
    element = (v) => typeof v === 'string' && values.has(v)
  } else if (column.decimal && rules.wholeDigits !== undefined) {
    const pattern = decimalPattern(rules.wholeDigits)
    element = (v) => typeof v === 'string' && test(pattern, v)
  } else {
    element = column.accepts
  }
  const { minLength, maxLength } = rules
  if (minLength !== undefined || maxLength !== undefined) {
    const base = element
    element = (v) => base(v) && lengthWithin(v as string, minLength ?? 0, maxLength ?? Infinity)
  }
  if (column.dimensions === 0) {
    const { min, max } = rules
    if (min === undefined && max === undefined) return element
    const base = element
    const value = column.decimal ? (v: unknown) => Number(v) : (v: unknown) => v as number
    // `!(x < min)`: a NaN float passes, as floatValue's refinement lets it.
    return (v) => base(v) && (min === undefined || !(value(v) < min)) && (max === undefined || !(value(v) > max))
  }
  let accepts = element
  for (let d = 0; d < column.dimensions; d++) accepts = arrayAcceptor(accepts)
  const { minItems, maxItems } = rules
  if (minItems === undefined && maxItems === undefined) return accepts
  const base = accepts
  return (v) => base(v) && !((v as unknown[]).length < (minItems ?? 0)) && !((v as unknown[]).length > (maxItems ?? Infinity))
}

/**
 * Whether a text's length in code points (a surrogate pair is one character, as zod and
 * PostgreSQL count) is within the bounds. A code point is one or two UTF-16 units, so they
 * are counted only when the units leave it in doubt.
 */
function lengthWithin(text: string, min: number, max: number): boolean {
  const units = text.length
  if (units < min || units > 2 * max) return false
  if (units > max || units < 2 * min) {
    const length = codePoints(text)
    return length >= min && length <= max
  }
  return true
}

function codePoints(text: string): number {
  let count = text.length
  for (let i = 0; i < text.length - 1; i++) {
    if ((text.charCodeAt(i) & 0xfc00) === 0xd800 && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      count--
      i++
    }
  }
  return count
}

/** `z.array(element)`: an array whose every index (a hole reads undefined) holds an element. */
function arrayAcceptor(element: Accepts): Accepts {
  return (v) => {
    if (!Array.isArray(v)) return false
    for (let i = 0; i < v.length; i++) if (!element(v[i])) return false
    return true
  }
}

/**
 * Whether a copy of a row (../input.ts: own properties, undefined ones left out) passes the
 * table's insert schema, or with `partial` its patch schema: every key a column, every
 * required column given (unless partial), null only where the column is nullable.
 */
export type RowAcceptor = (row: Own, partial: boolean) => boolean

export function rowAcceptor(columns: readonly AcceptedColumn[], zodColumns: (key: string) => SchemaValidator | undefined): RowAcceptor {
  const checks = columns.map((c) => ({
    key: c.key,
    nullable: c.nullable,
    required: !c.nullable && !c.hasDefault,
    accepts: valueAcceptor(c, c.rules?.zodOnly ? zodColumns(c.key) : undefined),
  }))
  return (row, partial) => {
    let given = 0
    for (let i = 0; i < checks.length; i++) {
      const check = checks[i]!
      const value = row[check.key]
      if (value === undefined) {
        if (check.required && !partial) return false
        continue
      }
      given++
      // null is a json column's JSON null when the column is not nullable (its schema takes it).
      if (!(value === null && check.nullable) && !check.accepts(value)) return false
    }
    // zod's strictObject: no key that is not a column. (A copy has no inherited keys to count.)
    let keys = 0
    for (const _ in row) keys++
    return keys === given
  }
}

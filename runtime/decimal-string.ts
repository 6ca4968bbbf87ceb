/**
 * The validator of numeric columns, whose values travel as strings so no precision is
 * lost: a decimal number, with at most `wholeDigits` digits before the point for
 * `numeric(p, s)` (p - s), and the column's `min`/`max` compared by value.
 */
import { z } from 'zod'

export interface DecimalStringOptions {
  wholeDigits?: number
  min?: number
  max?: number
}

export function decimalString(options: DecimalStringOptions = {}): z.ZodString {
  const { wholeDigits, min, max } = options
  let schema =
    wholeDigits === undefined
      ? z.string().regex(/^[+-]?(\d+(\.\d*)?|\.\d+)$/, 'expected a decimal number as a string')
      : z
          .string()
          .regex(
            wholeDigits > 0 ? new RegExp(`^[+-]?\\d{1,${wholeDigits}}(\\.\\d+)?$`) : /^[+-]?0?(\.\d+)?$/,
            `expected a decimal string with at most ${Math.max(wholeDigits, 0)} digit${wholeDigits === 1 ? '' : 's'} before the point`,
          )
  if (min !== undefined) schema = schema.refine((value) => !(Number(value) < min), `must be at least ${min}`)
  if (max !== undefined) schema = schema.refine((value) => !(Number(value) > max), `must be at most ${max}`)
  return schema
}

/**
 * Validators of the number columns zod has no exact schema for: floats, which hold NaN and
 * the infinities too (z.number() rejects them), and numeric, whose values travel as strings
 * so that no precision is lost. Bounds from the schema (`min`, `max`) are compared by value.
 */
import { z } from 'zod'
import { decimalPattern } from './values/accept.js'

export interface Bounds {
  min?: number
  max?: number
}

function withBounds<T extends z.ZodType>(schema: T, bounds: Bounds, toNumber: (value: z.output<T>) => number): T {
  const { min, max } = bounds
  let bounded = schema
  if (min !== undefined) bounded = bounded.refine((value) => !(toNumber(value) < min), `must be at least ${min}`) as T
  if (max !== undefined) bounded = bounded.refine((value) => !(toNumber(value) > max), `must be at most ${max}`) as T
  return bounded
}

/** A real or double precision value. */
export function floatValue(bounds: Bounds = {}): z.ZodType<number> {
  return withBounds(
    z.custom<number>((value) => typeof value === 'number', 'expected a number'),
    bounds,
    (value) => value,
  )
}

export interface DecimalStringOptions extends Bounds {
  /** For `numeric(p, s)`: at most p - s digits before the point. */
  wholeDigits?: number
}

/** A numeric value: a decimal number as a string. */
export function decimalString(options: DecimalStringOptions = {}): z.ZodString {
  const { wholeDigits } = options
  // numeric holds NaN, and (unconstrained, from PostgreSQL 14) the infinities: values a
  // column can return must be values it accepts (decimalPattern).
  const schema = z
    .string()
    .regex(
      decimalPattern(wholeDigits),
      wholeDigits === undefined
        ? 'expected a decimal number as a string'
        : `expected a decimal string with at most ${Math.max(wholeDigits, 0)} digit${wholeDigits === 1 ? '' : 's'} before the point`,
    )
  return withBounds(schema, options, Number)
}

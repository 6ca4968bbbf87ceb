/**
 * The validator of json and jsonb columns: a value JSON can carry (strings, finite numbers,
 * booleans, null, arrays and plain objects of those, to any depth).
 *
 * A plain function behind `z.custom`, not zod's recursive `z.json()`: a recursive schema in
 * a row makes zod check every row of that table through its slower cycle-aware path (most
 * of the CPU of a large copyFrom was spent there).
 */
import { z } from 'zod'
import { isPlainObject } from './input.js'
import { maxJsonDepth } from './types.js'

export function isJsonValue(value: unknown, depth = 0): boolean {
  if (value === null) return true
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true
    case 'number':
      return Number.isFinite(value)
    case 'object': {
      if (depth >= maxJsonDepth) return false
      if (Array.isArray(value)) {
        for (const item of value) if (!isJsonValue(item, depth + 1)) return false
        return true
      }
      if (!isPlainObject(value)) return false
      // Own keys only: JSON.stringify writes no inherited property, so none is checked.
      for (const key of Object.keys(value)) if (!isJsonValue(value[key], depth + 1)) return false
      return true
    }
    default:
      return false
  }
}

export const jsonValue = z.custom<unknown>((value) => isJsonValue(value), 'expected a JSON value: a string, finite number, boolean, null, or an array or plain object of those')

/** Encoding a value for a column as a parameter, reporting what cannot be encoded. */
import type { Issues } from '../input.js'
import type { ColumnMeta } from '../meta.js'
import { EncodeError } from '../types.js'

/** Encodes one value (null stays null); `path` names it in an issue (a function, so that hot loops build no strings). */
export function encodeValue(issues: Issues, column: ColumnMeta, value: unknown, path: string | (() => string)): string | null {
  if (value === null) return null
  try {
    return column.encode(value)
  } catch (error) {
    if (!(error instanceof EncodeError)) throw error
    issues.add(typeof path === 'string' ? path : path(), error.message)
    return null
  }
}

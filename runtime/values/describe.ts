/** Naming a value's kind in messages, never the value (it may be a password or personal data). */

/**
 * What kind of value this is, for messages: its type, never the value itself (a rejected
 * value may be a password or personal data, and error messages end up in logs).
 */
export function describe(value: unknown): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'undefined':
      return 'undefined'
    case 'string':
      return 'a string'
    case 'number':
      if (Number.isNaN(value)) return 'NaN'
      if (!Number.isFinite(value)) return 'an infinite number'
      return Number.isInteger(value) ? 'a number' : 'a fractional number'
    case 'bigint':
      return 'a bigint'
    case 'boolean':
      return 'a boolean'
    case 'symbol':
      return 'a symbol'
    case 'function':
      return 'a function'
  }
  return describeObject(value as object)
}

function describeObject(value: object): string {
  try {
    if (Array.isArray(value)) return 'an array'
    if (value instanceof Date) return Number.isNaN(value.getTime()) ? 'an invalid Date' : 'a Date'
    if (value instanceof Uint8Array) return 'a Uint8Array'
    const proto: unknown = Object.getPrototypeOf(value)
    if (proto === Object.prototype || proto === null) return 'an object'
    const name: unknown = (proto as { constructor?: { name?: unknown } }).constructor?.name
    if (name === 'Object') return 'an object that inherits from another object'
    return typeof name === 'string' && /^[A-Za-z_$][\w$]*$/.test(name) ? `an instance of ${name}` : 'an object'
  } catch {
    // A proxy whose traps throw.
    return 'an object'
  }
}

/** No lone UTF-16 surrogate (`String.prototype.isWellFormed`, Node >= 20; not in the ES2023 lib types). */
export function isWellFormed(text: string): boolean {
  return (text as unknown as { isWellFormed(): boolean }).isWellFormed()
}

/**
 * Writing values: every bind parameter is sent as text (the SQL's casts or the statement
 * give the server its type), checked first, so that a value PostgreSQL would refuse or
 * store as something else is a ValidationError before anything is sent. Also the array
 * literal syntax, and `db.sql` parameters encoded by their JavaScript type.
 */
import { describe, isWellFormed } from './describe.js'
import { maxDateMs } from './decode.js'

export type Encoder = (value: unknown) => string

/** Thrown by encoders; the caller adds the field path. Its message never holds the value. */
export class EncodeError extends Error {}

function expected(what: string, value: unknown): never {
  throw new EncodeError(`expected ${what}, got ${describe(value)}`)
}

/**
 * PostgreSQL stores text as UTF-8, which cannot hold half of a UTF-16 surrogate pair; the
 * driver would silently replace it with U+FFFD, writing something else than was given.
 */
export function checkWellFormed(text: string): void {
  if (!isWellFormed(text)) {
    throw new EncodeError('contains a lone UTF-16 surrogate (half of a character pair), which PostgreSQL cannot store; fix the string')
  }
}

const integerRanges = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
} as const

export function intEncoder(type: 'int2' | 'int4'): Encoder {
  const [min, max] = integerRanges[type]
  return (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) expected('an integer', value)
    if (value < min || value > max) throw new EncodeError(`expected an integer from ${min} to ${max}; this one is out of range`)
    return String(value)
  }
}

const int8Min = -(2n ** 63n)
const int8Max = 2n ** 63n - 1n

export const encodeBigint: Encoder = (value) => {
  if (typeof value === 'bigint') {
    if (value < int8Min || value > int8Max) throw new EncodeError('expected a 64-bit integer; this one is out of range')
    return value.toString()
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return expected('a bigint', value)
}

export const encodeFloat8: Encoder = (value) => {
  if (typeof value !== 'number') expected('a number', value)
  // NaN, Infinity and -Infinity are valid float input; String(-0) would lose the sign.
  return Object.is(value, -0) ? '-0' : String(value)
}

/** real holds less than a JavaScript number: PostgreSQL refuses what rounds to 0 or infinity in it. */
export const encodeFloat4: Encoder = (value) => {
  const text = encodeFloat8(value)
  const single = Math.fround(value as number)
  if (Number.isFinite(value) && (!Number.isFinite(single) || (single === 0 && value !== 0))) {
    throw new EncodeError('expected a number that fits real (about 1.4e-45 to 3.4e38 in magnitude); this one is out of range')
  }
  return text
}

// PostgreSQL skips ASCII blanks around a number, not Unicode ones (\s would take those).
const numericPattern = /^[ \t\n\v\f\r]*[+-]?(\d*)(?:\.(\d*))?(?:e([+-]?\d+))?[ \t\n\v\f\r]*$/i
const numericSpecial = /^[ \t\n\v\f\r]*(NaN|[+-]?Infinity)[ \t\n\v\f\r]*$/i

/** numeric holds at most 131072 digits before the point and 16383 after. */
const numericMaxWhole = 131072
const numericMaxScale = 16383

/** Whether a decimal string is within what PostgreSQL's numeric can hold. */
function numericFits(whole: string, fraction: string, exponentText: string | undefined): boolean {
  // The usual case, decided without looking at the digits.
  if (exponentText === undefined) return whole.length <= numericMaxWhole && fraction.length <= numericMaxScale
  const exponent = Number(exponentText)
  if (!(Math.abs(exponent) <= 1e9)) return false
  if (fraction.length - exponent > numericMaxScale) return false
  const digits = whole + fraction
  const first = digits.search(/[1-9]/)
  // A zero has no whole digits, whatever its exponent.
  return first < 0 || whole.length - first + exponent <= numericMaxWhole
}

/** The usual numeric text, short enough to fit whatever its digits: accepted without taking it apart. */
const plainDecimal = /^[+-]?(\d+(\.\d*)?|\.\d+)$/

export const encodeNumeric: Encoder = (value) => {
  if (typeof value === 'string') {
    if (value.length <= numericMaxScale && plainDecimal.test(value)) return value
    if (numericSpecial.test(value)) return value
    const match = numericPattern.exec(value)
    if (!match || match[1]! + (match[2] ?? '') === '') expected('a decimal number as a string', value)
    if (!numericFits(match[1]!, match[2] ?? '', match[3])) {
      throw new EncodeError(`expected a number numeric can hold (at most ${numericMaxWhole} digits before the point and ${numericMaxScale} after); this one is out of range`)
    }
    return value
  }
  if (typeof value === 'number' && Number.isFinite(value)) return String(value)
  if (typeof value === 'bigint') return value.toString()
  return expected('a decimal number as a string', value)
}

export const encodeBool: Encoder = (value) => {
  if (typeof value !== 'boolean') expected('a boolean', value)
  return value ? 't' : 'f'
}

export const encodeText: Encoder = (value) => {
  if (typeof value !== 'string') expected('a string', value)
  if (value.includes('\0')) throw new EncodeError('text cannot contain the NUL character (\\0)')
  checkWellFormed(value)
  return value
}

const datePattern = /^(\d{4,})-(\d\d)-(\d\d)( BC)?$/

/** Days of each month of a common year. */
const monthDays = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]

/** The last day of a month of the proleptic Gregorian calendar (PostgreSQL's, for BC years too). */
function daysInMonth(astronomicalYear: number, month: number): number {
  if (month !== 2) return monthDays[month - 1]!
  const leap = astronomicalYear % 4 === 0 && (astronomicalYear % 100 !== 0 || astronomicalYear % 400 === 0)
  return leap ? 29 : 28
}

/** date runs from 4714-11-24 BC to 5874897-12-31. */
function dateInRange(year: number, month: number, day: number, bc: boolean): boolean {
  if (year < 1 || month < 1 || month > 12 || day < 1) return false
  if (day > daysInMonth(bc ? 1 - year : year, month)) return false
  if (bc) return year < 4714 || (year === 4714 && (month > 11 || (month === 11 && day >= 24)))
  return year <= 5874897
}

export const encodeDate: Encoder = (value) => {
  if (value === 'infinity' || value === '-infinity') return value
  const match = typeof value === 'string' ? datePattern.exec(value) : null
  if (!match) return expected("a date string 'YYYY-MM-DD'", value)
  if (!dateInRange(Number(match[1]), Number(match[2]), Number(match[3]), match[4] !== undefined)) {
    throw new EncodeError("expected a date string 'YYYY-MM-DD' of a day that exists, from 4714-11-24 BC to 5874897-12-31")
  }
  return value as string
}

/** timestamp and timestamptz start at 4714-11-24 00:00 BC (UTC); a Date cannot go past their end. */
const earliestTimestampMs = Date.UTC(-4713, 10, 24)

/** Dates are sent as UTC ISO strings (with BC and 5-digit years spelled the way PostgreSQL reads them). */
export function encodeDateTime(value: unknown): string {
  if (!(value instanceof Date)) return expected('a Date', value)
  const ms = value.getTime()
  if (Number.isNaN(ms)) expected('a valid Date', value)
  if (ms >= maxDateMs) return 'infinity'
  if (ms <= -maxDateMs) return '-infinity'
  if (ms < earliestTimestampMs) throw new EncodeError('expected a Date from 4714-11-24 BC on (the earliest timestamp PostgreSQL holds); this one is earlier')
  const year = value.getUTCFullYear()
  if (year >= 1 && year <= 9999) return value.toISOString()
  const pad = (n: number, width = 2) => String(n).padStart(width, '0')
  const shown = year < 1 ? 1 - year : year
  return (
    `${pad(shown, 4)}-${pad(value.getUTCMonth() + 1)}-${pad(value.getUTCDate())} ` +
    `${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}.${pad(value.getUTCMilliseconds(), 3)}+00` +
    (year < 1 ? ' BC' : '')
  )
}

/** Deeper than this is refused rather than risking the stack (and a cycle is found this way too). */
export const maxJsonDepth = 512

/**
 * JSON text of a JSON value, checked as it is written: strings (well formed; no NUL for
 * jsonb, which refuses \u0000), finite numbers, booleans, null, arrays, and plain objects'
 * own enumerable properties (undefined ones left out, as JSON.stringify does). Not
 * JSON.stringify itself: it throws a TypeError on a bigint or a cycle, and it would call
 * a `toJSON` added to Object.prototype.
 */
export function jsonText(value: unknown, jsonb: boolean, depth = 0): string {
  if (value === null) return 'null'
  switch (typeof value) {
    case 'string':
      if (jsonb && value.includes('\0')) throw new EncodeError('jsonb cannot hold the NUL character (\\u0000) in a string')
      checkWellFormed(value)
      return JSON.stringify(value)
    case 'number':
      if (!Number.isFinite(value)) throw new EncodeError(`expected a JSON value; JSON has no ${describe(value)}`)
      return JSON.stringify(value)
    case 'boolean':
      return value ? 'true' : 'false'
    case 'object': {
      if (depth >= maxJsonDepth) throw new EncodeError(`expected a JSON value at most ${maxJsonDepth} levels deep (or this one refers to itself)`)
      if (Array.isArray(value)) {
        let out = '['
        for (let i = 0; i < value.length; i++) {
          if (!Object.hasOwn(value, i)) throw new EncodeError('expected a JSON value; an array has a hole')
          out += (i === 0 ? '' : ',') + jsonText(value[i], jsonb, depth + 1)
        }
        return out + ']'
      }
      const proto: unknown = Object.getPrototypeOf(value)
      if (proto !== Object.prototype && proto !== null) return expected('a JSON value (a plain object, an array, a string, a number, a boolean or null)', value)
      let out = '{'
      for (const key of Object.keys(value)) {
        const item = (value as Record<string, unknown>)[key]
        if (item === undefined) continue
        if (jsonb && key.includes('\0')) throw new EncodeError('jsonb cannot hold the NUL character (\\u0000) in a key')
        checkWellFormed(key)
        out += (out.length === 1 ? '' : ',') + JSON.stringify(key) + ':' + jsonText(item, jsonb, depth + 1)
      }
      return out + '}'
    }
  }
  return expected('a JSON value', value)
}

export const encodeJson: Encoder = (value) => jsonText(value, false)
export const encodeJsonb: Encoder = (value) => jsonText(value, true)

const hexDigits = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'))

export const encodeBytea: Encoder = (value) => {
  if (!(value instanceof Uint8Array)) expected('a Uint8Array', value)
  if (value.length > 64) return '\\x' + Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('hex')
  let text = '\\x'
  for (let i = 0; i < value.length; i++) text += hexDigits[value[i]!]
  return text
}

/** The forms PostgreSQL reads: hyphens after any group of four digits, optionally in braces. */
const uuidPattern = /^(?:[0-9a-f]{4}-?){7}[0-9a-f]{4}$|^\{(?:[0-9a-f]{4}-?){7}[0-9a-f]{4}\}$/i

export const encodeUuid: Encoder = (value) => {
  if (typeof value !== 'string' || !uuidPattern.test(value)) expected('a UUID string', value)
  return value
}

const arrayEscapes = /[\\"]/g
/** Element text that can stand unquoted: no blanks, separators, braces, quotes or backslashes. */
const plainElement = /^[^\s,{}"\\]+$/

/** Writes one element of an array literal, quoting (and escaping) only when needed. */
function quoteElement(text: string): string {
  if (plainElement.test(text) && (text.length !== 4 || text.toUpperCase() !== 'NULL')) return text
  return '"' + text.replace(arrayEscapes, '\\$&') + '"'
}

/**
 * The array literal of one column across many rows (an `unnest` parameter), in one pass:
 * each value encoded, quoted unless `bare`. A value that cannot be encoded is reported
 * through `onError` with its row index, and encoding goes on so every problem is listed.
 */
export function encodeColumn(
  rows: readonly Record<string, unknown>[],
  key: string,
  encode: Encoder,
  bare: boolean,
  onError: (row: number, error: EncodeError) => void,
): string {
  // Joined once: appending to one string would leave a cons string per value to flatten.
  const elements = new Array<string>(rows.length)
  for (let r = 0; r < rows.length; r++) {
    const value = rows[r]![key]
    if (value === null) {
      elements[r] = 'NULL'
      continue
    }
    try {
      const text = encode(value)
      elements[r] = bare ? text : quoteElement(text)
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      onError(r, error)
      elements[r] = ''
    }
  }
  if (rows.length === 0) return '{}'
  // The braces joined in too: one flat string, not a cons string to flatten when it is sent.
  elements[0] = '{' + elements[0]!
  elements[rows.length - 1] += '}'
  return elements.join(',')
}

/** Types whose text never needs quoting in an array literal (digits, signs, points, letters, hyphens). */

/**
 * Encodes a JavaScript array as a PostgreSQL array literal. Elements are quoted unless
 * `bare` says their text cannot need it. A multidimensional array must be rectangular
 * (PostgreSQL refuses sub-arrays of different lengths), with no hole and no null sub-array.
 */
export function encodeArray(value: unknown, element: Encoder, dimensions = 1, bare = false): string {
  if (!Array.isArray(value)) expected('an array', value)
  if (dimensions > 1) checkRectangular(value, dimensions)
  const parts: string[] = new Array(value.length)
  for (let i = 0; i < value.length; i++) {
    // A hole would read whatever an index added to Array.prototype or Object.prototype holds.
    if (!Object.hasOwn(value, i)) throw new EncodeError(`expected an array without holes; index ${i} is a hole`)
    const item: unknown = value[i]
    parts[i] = item === null ? 'NULL' : dimensions > 1 ? encodeArray(item, element, dimensions - 1, bare) : bare ? element(item) : quoteElement(element(item))
  }
  return '{' + parts.join(',') + '}'
}

/** Every sub-array of a `dimensions`-level array has the length of the first at its level. */
function checkRectangular(value: readonly unknown[], dimensions: number): void {
  const lengths: number[] = []
  const visit = (items: readonly unknown[], level: number): void => {
    if (level > 0 && items.length === 0) throw new EncodeError(`expected a ${dimensions}-dimensional array without empty sub-arrays (an empty array is [])`)
    if (lengths[level] === undefined) lengths[level] = items.length
    else if (lengths[level] !== items.length) throw new EncodeError(`expected a rectangular ${dimensions}-dimensional array; its sub-arrays differ in length`)
    if (level === dimensions - 1) return
    for (const item of items) {
      if (!Array.isArray(item)) throw new EncodeError(`expected a ${dimensions}-dimensional array; a sub-array is ${describe(item)}`)
      visit(item, level + 1)
    }
  }
  visit(value, 0)
}

/** Nesting of arrays in a `db.sql` parameter deeper than this is refused rather than risking the stack. */
const maxArrayDepth = 64

/**
 * Encodes a value of unknown type (a `db.sql` parameter) by its JavaScript type:
 * strings as they are, numbers and bigints as digits, booleans as t/f, Dates as ISO
 * timestamps, Uint8Array as bytea hex, arrays as array literals, plain objects as JSON.
 */
export function encodeAny(value: unknown): string | null {
  if (value === null) return null
  switch (typeof value) {
    case 'string':
      // A text parameter cannot hold NUL: PostgreSQL refuses it (22021).
      if (value.includes('\0')) throw new EncodeError('text cannot contain the NUL character (\\0); send binary data as a Uint8Array')
      checkWellFormed(value)
      return value
    case 'number':
    case 'bigint':
      return String(value)
    case 'boolean':
      return value ? 't' : 'f'
    case 'object':
      if (value instanceof Date) return encodeDateTime(value)
      if (value instanceof Uint8Array) return encodeBytea(value)
      if (Array.isArray(value)) return encodeAnyArray(value)
      return jsonText(value, false)
  }
  throw new EncodeError(`cannot send ${describe(value)} as a parameter`)
}

/** An array of any values: nested arrays are the dimensions of a multidimensional array. */
function encodeAnyArray(value: readonly unknown[]): string {
  let dimensions = 1
  for (let first: unknown = value[0]; Array.isArray(first); first = first[0]) {
    if (++dimensions > maxArrayDepth) throw new EncodeError(`expected an array of at most ${maxArrayDepth} dimensions`)
  }
  return encodeArray(value, (item) => {
    if (Array.isArray(item)) throw new EncodeError(`expected a ${dimensions}-dimensional array; it mixes arrays and values at one level`)
    return encodeAny(item) ?? 'NULL'
  }, dimensions)
}

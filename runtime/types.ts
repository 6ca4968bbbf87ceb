/**
 * Every value conversion between JavaScript and PostgreSQL lives here: decoding the text
 * format the server sends (and JSON built by nested relation queries), encoding bind
 * parameters, and the PostgreSQL array literal syntax. Generated decoders call these
 * functions; they never re-implement a conversion.
 *
 * Type mapping (see the README): int2/int4/float -> number, int8 -> bigint,
 * numeric -> string (exact), bool -> boolean, timestamp/timestamptz -> Date,
 * date/time/interval/uuid/inet/text-like/enums -> string, bytea -> Uint8Array,
 * json/jsonb -> parsed JSON, arrays -> arrays of the element type.
 */

/** A row as the driver returns it: one text value (or null) per selected column. */
export type RawRow = readonly (string | null)[]

/** The PostgreSQL types dbridge knows, by the short name used in casts. */
export type PgTypeName =
  | 'int2'
  | 'int4'
  | 'int8'
  | 'float4'
  | 'float8'
  | 'numeric'
  | 'bool'
  | 'text'
  | 'varchar'
  | 'bpchar'
  | 'uuid'
  | 'date'
  | 'time'
  | 'timestamp'
  | 'timestamptz'
  | 'interval'
  | 'json'
  | 'jsonb'
  | 'bytea'
  | 'inet'
  | 'citext'
  | 'enum'

// ---------------------------------------------------------------------------------------
// Decoding the text format

export const decodeInt = (text: string): number => +text

export const decodeFloat = (text: string): number => +text // handles NaN, Infinity, -Infinity

export const decodeBigint = (text: string): bigint => BigInt(text)

export const decodeBool = (text: string): boolean => text === 't'

export const decodeJson = <T = unknown>(text: string): T => JSON.parse(text) as T

/**
 * Decodes bytea into a plain Uint8Array: the `hex` output format (`\x0102...`, the
 * default), or the older `escape` format a server may be configured with.
 */
export function decodeBytea(text: string): Uint8Array {
  if (text.startsWith('\\x')) return new Uint8Array(Buffer.from(text.slice(2), 'hex'))
  return decodeEscapedBytea(text)
}

/** The `escape` format: `\\` is a backslash, `\ooo` an octal byte, anything else itself. */
function decodeEscapedBytea(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length)
  let n = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i)
    if (code !== 92) {
      bytes[n++] = code
    } else if (text.charCodeAt(i + 1) === 92) {
      bytes[n++] = 92
      i++
    } else {
      bytes[n++] = parseInt(text.slice(i + 1, i + 4), 8)
      i += 3
    }
  }
  return bytes.slice(0, n)
}

/** `timestamp with time zone`, e.g. `2024-01-05 10:20:30.123456+00`. */
export function decodeTimestamptz(text: string): Date {
  // Date.parse reads this (non-ISO) form with its legacy parser, which takes a year below
  // 100 for a two-digit year: 0001 became 2001. Such years take the exact parse.
  const ms = text.charCodeAt(0) === 48 && text.charCodeAt(1) === 48 ? Number.NaN : Date.parse(text)
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(text, false) : ms)
}

/**
 * `timestamp without time zone` holds a wall-clock time; dbridge reads and writes it as UTC
 * so that a Date written and read back is the same instant whatever the process time zone.
 */
export function decodeTimestamp(text: string): Date {
  const ms = Date.parse(text.length > 10 ? text.replace(' ', 'T') + 'Z' : text + 'T00:00:00Z')
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(text, true) : ms)
}

const maxDateMs = 8.64e15

/** infinity, BC dates and years past 9999, which `Date.parse` does not read. */
function parseUnusualTimestamp(text: string, utc: boolean): number {
  if (text === 'infinity') return maxDateMs
  if (text === '-infinity') return -maxDateMs
  const match = /^(\d{4,})-(\d\d)-(\d\d)[ T](\d\d):(\d\d):(\d\d(?:\.\d+)?)(?:([+-]\d\d)(?::?(\d\d))?(?::?(\d\d))?)?( BC)?$/.exec(text)
  if (!match) return Number.NaN
  const [, y, mo, d, h, mi, s, oh, om, os, bc] = match
  let year = Number(y)
  if (bc) year = 1 - year
  const seconds = Number(s)
  const date = new Date(0)
  date.setUTCFullYear(year, Number(mo) - 1, Number(d))
  date.setUTCHours(Number(h), Number(mi), Math.floor(seconds), Math.round((seconds % 1) * 1000))
  let ms = date.getTime()
  if (!utc && oh) {
    const sign = oh.startsWith('-') ? -1 : 1
    const offset = Math.abs(Number(oh)) * 3600 + Number(om ?? 0) * 60 + Number(os ?? 0)
    ms -= sign * offset * 1000
  }
  return ms
}

/**
 * Parses a PostgreSQL array literal (`{1,2,NULL}`, `{"a b","c\"d"}`, `{{1,2},{3,4}}`),
 * decoding each element with `element`.
 */
export function decodeArray<T, R = T[]>(text: string, element: (text: string) => T): R {
  // The driver may have split the literal already (it knows array types): decode the elements.
  if (typeof text !== 'string') return decodeElements(text as unknown as unknown[], element) as R
  let i = 0
  // An explicit lower bound ("[0:1]={...}") precedes the braces.
  if (text.charCodeAt(0) === 91 /* [ */) i = text.indexOf('=') + 1
  const state = { i }
  return parseArrayLevel(text, state, element) as R
}

function decodeElements<T>(items: readonly unknown[], element: (text: string) => T): unknown[] {
  return items.map((item) => (item === null ? null : Array.isArray(item) ? decodeElements(item, element) : element(item as string)))
}

function parseArrayLevel<T>(text: string, state: { i: number }, element: (text: string) => T): unknown[] {
  const out: unknown[] = []
  let i = state.i + 1 // skip "{"
  while (i < text.length) {
    const c = text.charCodeAt(i)
    if (c === 125 /* } */) {
      state.i = i + 1
      return out
    }
    if (c === 44 /* , */) {
      i++
      continue
    }
    if (c === 123 /* { */) {
      state.i = i
      out.push(parseArrayLevel(text, state, element))
      i = state.i
      continue
    }
    if (c === 34 /* " */) {
      let value = ''
      let start = ++i
      while (i < text.length) {
        const q = text.charCodeAt(i)
        if (q === 92 /* \ */) {
          value += text.slice(start, i)
          start = ++i
          i++
        } else if (q === 34) {
          break
        } else i++
      }
      value += text.slice(start, i)
      out.push(element(value))
      i++ // closing quote
      continue
    }
    let end = i
    while (end < text.length) {
      const e = text.charCodeAt(end)
      if (e === 44 || e === 125) break
      end++
    }
    const raw = text.slice(i, end)
    out.push(raw === 'NULL' ? null : element(raw))
    i = end
  }
  throw new SyntaxError('malformed array literal: ' + text.slice(0, 80))
}

// ---------------------------------------------------------------------------------------
// Decoding JSON built by the server (nested relation results). Inside json, int8 and
// numeric are cast to text by the query so no precision is lost; timestamps are strings.

export const jsonBigint = (value: string | number): bigint => BigInt(value)
/**
 * to_json writes timestamptz as ISO 8601 with an offset (`2024-01-05T10:20:30.123456+00:00`);
 * years past 9999, BC dates and infinity need the slower parse.
 */
export const jsonTimestamptz = (value: string): Date => {
  const ms = Date.parse(value)
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(value, false) : ms)
}
export const jsonTimestamp = (value: string): Date => {
  const ms = Date.parse(value + 'Z')
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(value.replace('T', ' '), true) : ms)
}
export const jsonBytea = (value: string): Uint8Array => decodeBytea(value)
/** Floats arrive as numbers, or as strings for NaN/Infinity. */
export const jsonFloat = (value: number | string): number => +value

// ---------------------------------------------------------------------------------------
// Encoding bind parameters. Every value is sent as text; the SQL casts or the statement's
// context give the server its type.

export type Encoder = (value: unknown) => string

/** Thrown by encoders; the caller adds the field path. Its message never holds the value. */
export class EncodeError extends Error {}

function expected(what: string, value: unknown): never {
  throw new EncodeError(`expected ${what}, got ${describe(value)}`)
}

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

/**
 * PostgreSQL stores text as UTF-8, which cannot hold half of a UTF-16 surrogate pair; the
 * driver would silently replace it with U+FFFD, writing something else than was given.
 */
function checkWellFormed(text: string): void {
  if (!isWellFormed(text)) {
    throw new EncodeError('contains a lone UTF-16 surrogate (half of a character pair), which PostgreSQL cannot store; fix the string')
  }
}

const integerRanges = {
  int2: [-32768, 32767],
  int4: [-2147483648, 2147483647],
} as const

function intEncoder(type: 'int2' | 'int4'): Encoder {
  const [min, max] = integerRanges[type]
  return (value) => {
    if (typeof value !== 'number' || !Number.isInteger(value)) expected('an integer', value)
    if (value < min || value > max) throw new EncodeError(`expected an integer from ${min} to ${max}; this one is out of range`)
    return String(value)
  }
}

const int8Min = -(2n ** 63n)
const int8Max = 2n ** 63n - 1n

const encodeBigint: Encoder = (value) => {
  if (typeof value === 'bigint') {
    if (value < int8Min || value > int8Max) throw new EncodeError('expected a 64-bit integer; this one is out of range')
    return value.toString()
  }
  if (typeof value === 'number' && Number.isSafeInteger(value)) return String(value)
  return expected('a bigint', value)
}

const encodeFloat8: Encoder = (value) => {
  if (typeof value !== 'number') expected('a number', value)
  // NaN, Infinity and -Infinity are valid float input; String(-0) would lose the sign.
  return Object.is(value, -0) ? '-0' : String(value)
}

/** real holds less than a JavaScript number: PostgreSQL refuses what rounds to 0 or infinity in it. */
const encodeFloat4: Encoder = (value) => {
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

const encodeNumeric: Encoder = (value) => {
  if (typeof value === 'string') {
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

const encodeBool: Encoder = (value) => {
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

const encodeDate: Encoder = (value) => {
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

const encodeJson: Encoder = (value) => jsonText(value, false)
const encodeJsonb: Encoder = (value) => jsonText(value, true)

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

const encodeUuid: Encoder = (value) => {
  if (typeof value !== 'string' || !uuidPattern.test(value)) expected('a UUID string', value)
  return value
}

const encoders: Record<Exclude<PgTypeName, 'enum'>, Encoder> = {
  int2: intEncoder('int2'),
  int4: intEncoder('int4'),
  int8: encodeBigint,
  float4: encodeFloat4,
  float8: encodeFloat8,
  numeric: encodeNumeric,
  bool: encodeBool,
  text: encodeText,
  varchar: encodeText,
  bpchar: encodeText,
  citext: encodeText,
  inet: encodeText,
  time: encodeText,
  interval: encodeText,
  uuid: encodeUuid,
  date: encodeDate,
  timestamp: encodeDateTime,
  timestamptz: encodeDateTime,
  json: encodeJson,
  jsonb: encodeJsonb,
  bytea: encodeBytea,
}

/** The encoder for a scalar type; enums check membership in `enumValues`. */
export function scalarEncoder(type: PgTypeName, enumValues?: readonly string[]): Encoder {
  if (type !== 'enum') return encoders[type]
  const allowed = new Set(enumValues)
  const list = [...allowed].map((v) => JSON.stringify(v)).join(', ')
  return (value) => {
    if (typeof value !== 'string' || !allowed.has(value)) expected(`one of ${list}`, value)
    return value
  }
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
  let literal = '{'
  for (let r = 0; r < rows.length; r++) {
    if (r > 0) literal += ','
    const value = rows[r]![key]
    if (value === null) {
      literal += 'NULL'
      continue
    }
    let text: string
    try {
      text = encode(value)
    } catch (error) {
      if (!(error instanceof EncodeError)) throw error
      onError(r, error)
      continue
    }
    literal += bare ? text : quoteElement(text)
  }
  return literal + '}'
}

/** Types whose text never needs quoting in an array literal (digits, signs, points, letters, hyphens). */
const bareArrayTypes = new Set<PgTypeName>(['int2', 'int4', 'int8', 'float4', 'float8', 'numeric', 'bool', 'uuid'])

/** Whether an array of this scalar type can be written without quoting its elements. */
export function isBareArrayElement(type: PgTypeName): boolean {
  return bareArrayTypes.has(type)
}

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

/** The encoder for a column: scalar, or an array of `dimensions` levels. */
export function columnEncoder(type: PgTypeName, dimensions: number, enumValues?: readonly string[]): Encoder {
  const scalar = scalarEncoder(type, enumValues)
  if (dimensions === 0) return scalar
  return (value) => encodeArray(value, scalar, dimensions)
}

/** Text decoders by type, for generic decoding (`select` subsets, `db.sql`). */
export function textDecoder(type: PgTypeName, dimensions: number): ((text: string) => unknown) | undefined {
  const scalar = scalarTextDecoders[type]
  if (dimensions === 0) return scalar
  const element = scalar ?? identity
  return (text) => decodeArray(text, element)
}

const identity = (text: string) => text

const scalarTextDecoders: Partial<Record<PgTypeName, (text: string) => unknown>> = {
  int2: decodeInt,
  int4: decodeInt,
  int8: decodeBigint,
  float4: decodeFloat,
  float8: decodeFloat,
  bool: decodeBool,
  timestamp: decodeTimestamp,
  timestamptz: decodeTimestamptz,
  json: decodeJson,
  jsonb: decodeJson,
  bytea: decodeBytea,
}

// ---------------------------------------------------------------------------------------
// Generic decoding by type OID, for raw `db.sql` results.

const oidTypes: Record<number, [PgTypeName, number]> = {
  16: ['bool', 0], 17: ['bytea', 0], 20: ['int8', 0], 21: ['int2', 0], 23: ['int4', 0], 26: ['int4', 0],
  114: ['json', 0], 700: ['float4', 0], 701: ['float8', 0], 1082: ['date', 0], 1114: ['timestamp', 0],
  1184: ['timestamptz', 0], 3802: ['jsonb', 0], 1700: ['numeric', 0],
  1000: ['bool', 1], 1001: ['bytea', 1], 1016: ['int8', 1], 1005: ['int2', 1], 1007: ['int4', 1],
  199: ['json', 1], 1021: ['float4', 1], 1022: ['float8', 1], 1182: ['date', 1], 1115: ['timestamp', 1],
  1185: ['timestamptz', 1], 3807: ['jsonb', 1], 1231: ['numeric', 1], 1009: ['text', 1], 1015: ['varchar', 1],
  1014: ['bpchar', 1], 2951: ['uuid', 1], 1183: ['time', 1], 1187: ['interval', 1], 1041: ['inet', 1],
  1028: ['int4', 1],
}

/** The decoder for a result column of type `oid`, or undefined to keep the text. */
export function oidDecoder(oid: number): ((text: string) => unknown) | undefined {
  const entry = oidTypes[oid]
  return entry && textDecoder(entry[0], entry[1])
}

/**
 * Overrides postgres.js's own parsers and serializers so that values cross the driver as
 * text in both directions; dbridge's decoders and encoders above do the conversions.
 */
export function driverTypes(): Record<string, { to: number; from: number[]; parse: (x: string) => string; serialize: (x: unknown) => string }> {
  const passThrough = (x: string) => x
  const asText = (x: unknown) => '' + (x as string)
  return {
    dbridgeText: {
      to: 25,
      from: [16, 17, 20, 21, 23, 26, 114, 700, 701, 1082, 1114, 1184, 3802, 1700],
      parse: passThrough,
      serialize: asText,
    },
  }
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

/** Text values as they are (the element decoder of text-like arrays). */
export const decodeText = (text: string): string => text

// ---------------------------------------------------------------------------------------
// JSON values of nested rows, per column type (the query casts int8 and numeric to text).

/** Maps every element of a (possibly nested) JSON array, keeping nulls. */
export function jsonArray<T>(value: unknown, element: (value: never) => T): unknown[] {
  return (value as unknown[]).map((item) => (item === null ? null : Array.isArray(item) ? jsonArray(item, element) : element(item as never)))
}

const scalarJsonDecoders: Partial<Record<PgTypeName, (value: never) => unknown>> = {
  int8: jsonBigint,
  float4: jsonFloat,
  float8: jsonFloat,
  timestamp: jsonTimestamp,
  timestamptz: jsonTimestamptz,
  bytea: jsonBytea,
}

/** The decoder of a column's JSON value (undefined: the JSON value is already right). */
export function jsonDecoder(type: PgTypeName, dimensions: number): ((value: unknown) => unknown) | undefined {
  const scalar = scalarJsonDecoders[type]
  if (!scalar) return undefined
  if (dimensions === 0) return scalar as (value: unknown) => unknown
  return (value) => jsonArray(value, scalar)
}

/** Types that travel as text inside JSON, so no precision is lost. */
export function jsonNeedsText(type: PgTypeName): boolean {
  return type === 'int8' || type === 'numeric'
}

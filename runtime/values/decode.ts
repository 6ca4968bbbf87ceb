/**
 * Reading values: the text format the server sends (one function per type), PostgreSQL's
 * array literal syntax, and values inside JSON the server built for nested rows (where
 * int8 and numeric arrive as text, so that no precision is lost, and timestamps as ISO
 * strings). Generated decoders call these functions; they never re-implement one.
 */

export const decodeInt = (text: string): number => +text

export const decodeFloat = (text: string): number => +text // handles NaN, Infinity, -Infinity

/**
 * int8's text. Up to 15 characters the value is below 10^15, which a number holds exactly,
 * and BigInt of a number is 3-5 times faster than BigInt of a string.
 */
export const decodeBigint = (text: string): bigint => (text.length < 16 ? BigInt(+text) : BigInt(text))

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
  let ms = commonTimestamp(text, true)
  // Date.parse reads this (non-ISO) form with its legacy parser, which takes a year below
  // 100 for a two-digit year: 0001 became 2001. Such years take the exact parse.
  if (Number.isNaN(ms)) ms = text.charCodeAt(0) === 48 && text.charCodeAt(1) === 48 ? Number.NaN : Date.parse(text)
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(text, false) : ms)
}

/**
 * `timestamp without time zone` holds a wall-clock time; dbridge reads and writes it as UTC
 * so that a Date written and read back is the same instant whatever the process time zone.
 */
export function decodeTimestamp(text: string): Date {
  let ms = commonTimestamp(text, false)
  if (Number.isNaN(ms)) ms = Date.parse(text.length > 10 ? text.replace(' ', 'T') + 'Z' : text + 'T00:00:00Z')
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(text, true) : ms)
}

/** The digit at `i` as a number; NaN for anything else (and it stays NaN through sums). */
function digit(text: string, i: number): number {
  const d = text.charCodeAt(i) - 48
  return d >= 0 && d <= 9 ? d : Number.NaN
}

function twoDigits(text: string, i: number): number {
  return digit(text, i) * 10 + digit(text, i + 1)
}

/**
 * The timestamps the server writes nearly always, read by hand: `YYYY-MM-DD HH:MM:SS`
 * (`T` in JSON), a fraction of up to six digits (milliseconds kept, the rest cut, as
 * Date.parse does), and with `offset` a `±HH` or `±HH:MM` offset; a year from 1000 to 9999.
 * About twice as fast as Date.parse, which reads every such text as the same instant
 * (test/unit/decode-by-hand.test.ts). Anything else gives NaN, and the callers parse it as before.
 */
function commonTimestamp(text: string, offset: boolean): number {
  const length = text.length
  if (length < 19 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45 || text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return Number.NaN
  const separator = text.charCodeAt(10)
  if (separator !== 32 && separator !== 84) return Number.NaN
  const year = twoDigits(text, 0) * 100 + twoDigits(text, 2)
  const month = twoDigits(text, 5)
  const day = twoDigits(text, 8)
  const hours = twoDigits(text, 11)
  const minutes = twoDigits(text, 14)
  const seconds = twoDigits(text, 17)
  if (!(year >= 1000 && month >= 1 && month <= 12 && day >= 1 && day <= 31 && hours <= 23 && minutes <= 59 && seconds <= 59)) return Number.NaN
  let i = 19
  let ms = 0
  if (text.charCodeAt(i) === 46) {
    const start = ++i
    while (i < length && i - start < 6 && digit(text, i) >= 0) i++
    if (i === start) return Number.NaN
    for (let k = start; k < start + 3; k++) ms = ms * 10 + (k < i ? digit(text, k) : 0)
  }
  let shift = 0
  if (offset) {
    const sign = text.charCodeAt(i)
    if (sign !== 43 && sign !== 45) return Number.NaN
    const offsetHours = twoDigits(text, i + 1)
    let offsetMinutes = 0
    i += 3
    if (i < length) {
      if (text.charCodeAt(i) !== 58) return Number.NaN
      offsetMinutes = twoDigits(text, i + 1)
      i += 3
    }
    if (!(offsetHours <= 15 && offsetMinutes <= 59)) return Number.NaN
    shift = (sign === 43 ? 1 : -1) * (offsetHours * 60 + offsetMinutes) * 60_000
  }
  if (i !== length) return Number.NaN
  // A day past the month's end (Date.UTC would roll it over) is left to the callers' parse.
  if (day > 28 && day > daysInMonth(year, month)) return Number.NaN
  return Date.UTC(year, month - 1, day, hours, minutes, seconds, ms) - shift
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31
}

/** The largest (and, negated, the smallest) time a Date holds: PostgreSQL's infinite timestamps read as these. */
export const maxDateMs = 8.64e15

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

export const jsonBigint = (value: string | number): bigint => (typeof value === 'string' ? decodeBigint(value) : BigInt(value))
/**
 * to_json writes timestamptz as ISO 8601 with an offset (`2024-01-05T10:20:30.123456+00:00`);
 * years past 9999, BC dates and infinity need the slower parse.
 */
export const jsonTimestamptz = (value: string): Date => {
  let ms = commonTimestamp(value, true)
  if (Number.isNaN(ms)) ms = Date.parse(value)
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(value, false) : ms)
}
export const jsonTimestamp = (value: string): Date => {
  let ms = commonTimestamp(value, false)
  if (Number.isNaN(ms)) ms = Date.parse(value + 'Z')
  return new Date(Number.isNaN(ms) ? parseUnusualTimestamp(value.replace('T', ' '), true) : ms)
}
export const jsonBytea = (value: string): Uint8Array => decodeBytea(value)
/** Floats arrive as numbers, or as strings for NaN/Infinity. */
export const jsonFloat = (value: number | string): number => +value

/** Text values as they are (the element decoder of text-like arrays). */
export const decodeText = (text: string): string => text

/** Maps every element of a (possibly nested) JSON array, keeping nulls. */
export function jsonArray<T>(value: unknown, element: (value: never) => T): unknown[] {
  return (value as unknown[]).map((item) => (item === null ? null : Array.isArray(item) ? jsonArray(item, element) : element(item as never)))
}

/**
 * Values read by hand (runtime/values/decode.ts). The usual timestamp texts give the
 * instant Date.parse gives, for every form the server writes: the text format with a space
 * and a `±HH` or `±HH:MM` offset, JSON's with a `T`, fractions of 0 to 6 digits, with and
 * without a time zone; what that reading does not take (odd years, offsets with seconds,
 * infinity, BC) still reads as before. int8 texts read as their exact bigint, the short
 * ones through a number.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeBigint, decodeTimestamp, decodeTimestamptz, jsonBigint, jsonTimestamp, jsonTimestamptz } from '../../runtime/types.js'

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** A timestamp as the server writes it: the wall-clock parts of `ms` at offset `offsetMinutes`. */
function serverText(ms: number, fraction: number, offsetMinutes: number | null, separator: ' ' | 'T', longOffset: boolean): string {
  const wall = new Date(ms + (offsetMinutes ?? 0) * 60_000)
  const micro = (ms % 1000 + 1000) % 1000 * 1000 + fraction
  let text = `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}${separator}${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`
  // The server leaves trailing zeros of the fraction out, and the point too when it is zero.
  if (micro !== 0) text += '.' + pad(micro, 6).replace(/0+$/, '')
  if (offsetMinutes !== null) {
    const sign = offsetMinutes < 0 ? '-' : '+'
    const abs = Math.abs(offsetMinutes)
    text += sign + pad(Math.floor(abs / 60)) + (longOffset || abs % 60 !== 0 ? ':' + pad(abs % 60) : '')
  }
  return text
}

const instant = fc.integer({ min: Date.UTC(1000, 0, 1) + 86_400_000, max: Date.UTC(9999, 11, 30) })
const offset = fc.oneof(fc.constant(0), fc.integer({ min: -15 * 60, max: 15 * 60 }), fc.constantFrom(330, -210, 345, 60, -600))

describe('timestamps read by hand', () => {
  it('timestamptz in the text format and in JSON: the instant Date.parse reads', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 999 }), offset, fc.boolean(), (ms, fraction, minutes, longOffset) => {
        const text = serverText(ms, fraction, minutes, ' ', longOffset)
        expect(decodeTimestamptz(text).getTime(), text).toBe(ms)
        expect(decodeTimestamptz(text).getTime(), text).toBe(Date.parse(text.replace(' ', 'T') + (longOffset || minutes % 60 !== 0 ? '' : ':00')))
        const json = serverText(ms, fraction, minutes, 'T', true)
        expect(jsonTimestamptz(json).getTime(), json).toBe(ms)
        expect(jsonTimestamptz(json).getTime(), json).toBe(Date.parse(json))
      }),
      { numRuns: 2000 },
    )
  })

  it('timestamp without time zone, read as UTC', () => {
    fc.assert(
      fc.property(instant, fc.integer({ min: 0, max: 999 }), (ms, fraction) => {
        const text = serverText(ms, fraction, null, ' ', false)
        expect(decodeTimestamp(text).getTime(), text).toBe(ms)
        const json = serverText(ms, fraction, null, 'T', false)
        expect(jsonTimestamp(json).getTime(), json).toBe(Date.parse(json + 'Z'))
      }),
      { numRuns: 1000 },
    )
  })

  it('what it does not read is read as before', () => {
    expect(decodeTimestamptz('0001-01-01 00:00:00+00').getUTCFullYear()).toBe(1)
    expect(decodeTimestamptz('1900-01-01 00:00:00+05:53:28').getTime()).toBe(Date.UTC(1899, 11, 31, 18, 6, 32))
    expect(decodeTimestamptz('infinity').getTime()).toBe(8.64e15)
    expect(decodeTimestamptz('2024-02-29 12:00:00.1234567+00').getTime()).toBe(Date.UTC(2024, 1, 29, 12, 0, 0, 123))
    expect(decodeTimestamptz('10000-01-01 00:00:00+00').getUTCFullYear()).toBe(10000)
    expect(decodeTimestamp('2024-02-29 23:59:59.999999').getTime()).toBe(Date.UTC(2024, 1, 29, 23, 59, 59, 999))
    expect(jsonTimestamptz('2024-01-05T10:20:30.5-03:30').getTime()).toBe(Date.UTC(2024, 0, 5, 13, 50, 30, 500))
  })
})

describe('int8 read by hand', () => {
  it('every int8 text reads as its exact bigint, short ones through a number', () => {
    fc.assert(
      fc.property(fc.oneof(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), fc.constantFrom(0n, -1n, 10n ** 15n - 1n, -(10n ** 14n) + 1n, 10n ** 15n, -(10n ** 15n), 2n ** 53n + 1n)), (n) => {
        expect(decodeBigint(String(n))).toBe(n)
        expect(jsonBigint(String(n))).toBe(n)
      }),
      { numRuns: 3000 },
    )
  })
})

/**
 * The hand-written reading of the usual timestamp texts (runtime/values/decode.ts) gives
 * the instant Date.parse gives, for every form the server writes: the text format with a
 * space and a `±HH` or `±HH:MM` offset, JSON's with a `T`, fractions of 0 to 6 digits, with
 * and without a time zone; and what it does not read (odd years, offsets with seconds,
 * infinity, BC) still reads as before.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { decodeTimestamp, decodeTimestamptz, jsonTimestamp, jsonTimestamptz } from '../../runtime/types.js'

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

/** Value conversions (runtime/types.ts) without a database; round trips are tested against PostgreSQL in test/integration. */
import { describe, expect, it } from 'vitest'
import {
  columnEncoder,
  decodeArray,
  decodeBigint,
  decodeFloat,
  decodeInt,
  decodeText,
  decodeTimestamp,
  decodeTimestamptz,
  encodeArray,
  encodeDateTime,
  EncodeError,
} from '../../runtime/types.js'

describe('array literals', () => {
  it('parses quoting, escapes, NULL, nesting and explicit bounds', () => {
    expect(decodeArray('{}', decodeText)).toEqual([])
    expect(decodeArray('{a,"b c","d\\"e","f\\\\g",NULL,"NULL",""}', decodeText)).toEqual(['a', 'b c', 'd"e', 'f\\g', null, 'NULL', ''])
    expect(decodeArray('{{1,2},{3,4}}', decodeInt)).toEqual([
      [1, 2],
      [3, 4],
    ])
    expect(decodeArray('[0:1]={7,8}', decodeInt)).toEqual([7, 8])
    expect(decodeArray('{"{\\"a\\",b}"}', decodeText)).toEqual(['{"a",b}'])
  })

  it('writes literals that parse back to the same values', () => {
    const values = ['plain', 'with space', 'comma,', '{brace}', 'quote"', 'back\\slash', '', 'NULL', 'null', ' lead', 'ünï', 'tab\t']
    const text = encodeArray(values, (v) => v as string)
    expect(decodeArray(text, decodeText)).toEqual(values)
    expect(text).toContain('plain,')
    expect(text).toContain('"NULL"')
    expect(encodeArray([1, null, 3], (v) => String(v))).toBe('{1,NULL,3}')
    expect(encodeArray([[1], [2]], (v) => String(v), 2)).toBe('{{1},{2}}')
  })
})

describe('scalars', () => {
  it('decodes numbers and bigints exactly', () => {
    expect(decodeBigint('9223372036854775807')).toBe(9223372036854775807n)
    expect(decodeFloat('NaN')).toBeNaN()
    expect(decodeFloat('-Infinity')).toBe(-Infinity)
    expect(decodeInt('-32768')).toBe(-32768)
  })

  it('decodes timestamps with offsets, BC dates, years past 9999 and infinity', () => {
    expect(decodeTimestamptz('2024-01-05 10:20:30.123456+00')).toEqual(new Date('2024-01-05T10:20:30.123Z'))
    expect(decodeTimestamptz('2024-01-05 10:20:30+05:30')).toEqual(new Date('2024-01-05T04:50:30Z'))
    expect(decodeTimestamptz('2024-01-05 10:20:30-08')).toEqual(new Date('2024-01-05T18:20:30Z'))
    expect(decodeTimestamp('2024-01-05 10:20:30.5')).toEqual(new Date('2024-01-05T10:20:30.500Z'))
    expect(decodeTimestamp('0044-03-15 00:00:00 BC').getUTCFullYear()).toBe(-43)
    expect(decodeTimestamp('10000-01-01 00:00:00').getUTCFullYear()).toBe(10000)
    expect(decodeTimestamptz('infinity').getTime()).toBe(8.64e15)
    expect(encodeDateTime(new Date(8.64e15))).toBe('infinity')
    expect(encodeDateTime(new Date('2024-01-05T10:20:30.123Z'))).toBe('2024-01-05T10:20:30.123Z')
    const bc = new Date(0)
    bc.setUTCFullYear(-43, 2, 15)
    expect(encodeDateTime(bc)).toBe('0044-03-15 00:00:00.000+00 BC')
  })

  it('encoders check types and ranges', () => {
    const int4 = columnEncoder('int4', 0)
    expect(int4(5)).toBe('5')
    expect(() => int4(2 ** 31)).toThrow(EncodeError)
    expect(() => int4(1.5)).toThrow(/expected an integer/)
    expect(() => int4('5')).toThrow(/^expected an integer, got a string$/)
    expect(columnEncoder('int8', 0)(5)).toBe('5')
    expect(() => columnEncoder('int8', 0)(2n ** 63n)).toThrow(/64-bit/)
    expect(() => columnEncoder('numeric', 0)('1e5; drop')).toThrow(/decimal/)
    expect(columnEncoder('float8', 0)(-0)).toBe('-0')
    expect(() => columnEncoder('text', 0)('a\0b')).toThrow(/NUL/)
    expect(() => columnEncoder('date', 0)('2024-1-1')).toThrow(/YYYY-MM-DD/)
    expect(() => columnEncoder('enum', 0, ['a', 'b'])('c')).toThrow(/one of "a", "b"/)
    expect(columnEncoder('bytea', 0)(new Uint8Array([0, 255]))).toBe('\\x00ff')
    expect(columnEncoder('jsonb', 0)({ a: [1] })).toBe('{"a":[1]}')
    expect(columnEncoder('text', 1)(['a', 'b c'])).toBe('{a,"b c"}')
  })
})

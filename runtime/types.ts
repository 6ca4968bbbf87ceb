/**
 * Every PostgreSQL type dbridge knows, one row each: its OIDs, how a value is encoded as a
 * parameter, decoded from the text format and from JSON the server built, and what the
 * query compiler may do with it. Everything else (table metadata, `db.sql` results, the
 * driver's parsers) is derived from this table; the conversions themselves live in
 * values/. Adding a type is a row here and a row in the schema's table
 * (schema/column-types.ts).
 *
 * Type mapping (see the README): int2/int4/float -> number, int8 -> bigint,
 * numeric -> string (exact), bool -> boolean, timestamp/timestamptz -> Date,
 * date/time/interval/uuid/inet/text-like/enums -> string, bytea -> Uint8Array,
 * json/jsonb -> parsed JSON, arrays -> arrays of the element type.
 */
import {
  decodeArray,
  decodeBigint,
  decodeBool,
  decodeBytea,
  decodeFloat,
  decodeInt,
  decodeJson,
  decodeTimestamp,
  decodeTimestamptz,
  jsonArray,
  jsonBigint,
  jsonBytea,
  jsonFloat,
  jsonTimestamp,
  jsonTimestamptz,
} from './values/decode.js'
import {
  EncodeError,
  encodeArray,
  encodeBigint,
  encodeBool,
  encodeBytea,
  encodeDate,
  encodeDateTime,
  encodeFloat4,
  encodeFloat8,
  encodeJson,
  encodeJsonb,
  encodeNumeric,
  encodeText,
  encodeUuid,
  intEncoder,
  type Encoder,
} from './values/encode.js'
import { describe } from './values/describe.js'
import {
  acceptsBool,
  acceptsBytes,
  acceptsDate,
  acceptsDecimal,
  acceptsFloat,
  acceptsGuid,
  acceptsInt2,
  acceptsInt4,
  acceptsInt8,
  acceptsIsoDate,
  acceptsJson,
  acceptsString,
  type Accepts,
} from './values/accept.js'

export * from './values/decode.js'
export * from './values/encode.js'
export * from './values/describe.js'

/** A row as the driver returns it: one text value (or null) per selected column. */
export type RawRow = readonly (string | null)[]

/** What dbridge knows of one PostgreSQL type. */
export interface PgType {
  /** Its OID and its array type's, to decode raw results (`db.sql`) by what the server says. */
  readonly oid?: number
  readonly arrayOid?: number
  /** Checks a value and writes it as the text of a parameter. */
  readonly encode: Encoder
  /** The JavaScript values a column of it takes in a write: what its zod schema accepts (values/accept.ts). */
  readonly accepts: Accepts
  /** The text format to the JavaScript value; none: the text is the value. */
  readonly decode?: (text: string) => unknown
  /** A value inside JSON the server built (nested rows) to the JavaScript value; none: the JSON value is it. */
  readonly decodeJson?: (value: never) => unknown
  /** Written as text inside JSON (`::text`), so that no precision is lost. */
  readonly textInJson?: boolean
  /** Its text never needs quoting in an array literal (digits, signs, points, letters, hyphens). */
  readonly bareInArray?: boolean
  /** A number: `{ increment }` and `{ decrement }` apply. */
  readonly numeric?: boolean
  /** Text: the LIKE operators apply. */
  readonly textLike?: boolean
  /** No ordering to compare by (no gt, lt, ...). */
  readonly unordered?: boolean
  /** PostgreSQL cannot sort by it at all (no ORDER BY): json has no ordering operator. */
  readonly unsortable?: boolean
  /** The type of `sum()` and of `avg()` of it, for the numbers (PostgreSQL's rules: sum of int4 is int8). */
  readonly sum?: 'int8' | 'numeric' | 'float4' | 'float8'
  readonly avg?: 'numeric' | 'float8'
  /** PostgreSQL has no `min()`/`max()` of it (uuid, boolean, bytea, jsonb in version 15). */
  readonly noMinMax?: boolean
}

const text: PgType = { encode: encodeText, accepts: acceptsString, textLike: true }

/** The table, by the short name used in casts. */
export const pgTypes = {
  int2: { oid: 21, arrayOid: 1005, encode: intEncoder('int2'), accepts: acceptsInt2, decode: decodeInt, bareInArray: true, numeric: true, sum: 'int8', avg: 'numeric' },
  int4: { oid: 23, arrayOid: 1007, encode: intEncoder('int4'), accepts: acceptsInt4, decode: decodeInt, bareInArray: true, numeric: true, sum: 'int8', avg: 'numeric' },
  int8: { oid: 20, arrayOid: 1016, encode: encodeBigint, accepts: acceptsInt8, decode: decodeBigint, decodeJson: jsonBigint, textInJson: true, bareInArray: true, numeric: true, sum: 'numeric', avg: 'numeric' },
  float4: { oid: 700, arrayOid: 1021, encode: encodeFloat4, accepts: acceptsFloat, decode: decodeFloat, decodeJson: jsonFloat, bareInArray: true, numeric: true, sum: 'float4', avg: 'float8' },
  float8: { oid: 701, arrayOid: 1022, encode: encodeFloat8, accepts: acceptsFloat, decode: decodeFloat, decodeJson: jsonFloat, bareInArray: true, numeric: true, sum: 'float8', avg: 'float8' },
  numeric: { oid: 1700, arrayOid: 1231, encode: encodeNumeric, accepts: acceptsDecimal, textInJson: true, bareInArray: true, numeric: true, sum: 'numeric', avg: 'numeric' },
  bool: { oid: 16, arrayOid: 1000, encode: encodeBool, accepts: acceptsBool, decode: decodeBool, bareInArray: true, unordered: true, noMinMax: true },
  text: { oid: 25, arrayOid: 1009, ...text },
  varchar: { oid: 1043, arrayOid: 1015, ...text },
  bpchar: { oid: 1042, arrayOid: 1014, ...text },
  citext: text,
  uuid: { oid: 2950, arrayOid: 2951, encode: encodeUuid, accepts: acceptsGuid, bareInArray: true, noMinMax: true },
  date: { oid: 1082, arrayOid: 1182, encode: encodeDate, accepts: acceptsIsoDate },
  time: { oid: 1083, arrayOid: 1183, encode: encodeText, accepts: acceptsString },
  timestamp: { oid: 1114, arrayOid: 1115, encode: encodeDateTime, accepts: acceptsDate, decode: decodeTimestamp, decodeJson: jsonTimestamp },
  timestamptz: { oid: 1184, arrayOid: 1185, encode: encodeDateTime, accepts: acceptsDate, decode: decodeTimestamptz, decodeJson: jsonTimestamptz },
  interval: { oid: 1186, arrayOid: 1187, encode: encodeText, accepts: acceptsString },
  json: { oid: 114, arrayOid: 199, encode: encodeJson, accepts: acceptsJson, decode: decodeJson, unordered: true, unsortable: true, noMinMax: true },
  jsonb: { oid: 3802, arrayOid: 3807, encode: encodeJsonb, accepts: acceptsJson, decode: decodeJson, unordered: true, noMinMax: true },
  bytea: { oid: 17, arrayOid: 1001, encode: encodeBytea, accepts: acceptsBytes, decode: decodeBytea, decodeJson: jsonBytea, noMinMax: true },
  inet: { oid: 869, arrayOid: 1041, encode: encodeText, accepts: acceptsString },
  // An enum's values are the schema's: its encoder is made per column (columnEncoder).
  enum: { encode: encodeText, accepts: acceptsString },
} satisfies Record<string, PgType>

/** The PostgreSQL types dbridge knows, by the short name used in casts. */
export type PgTypeName = keyof typeof pgTypes

/** Other OIDs a raw result may hold, read as a known type (and its array dimensions): `oid` and `oid[]` as int4. */
const oidAliases: Readonly<Record<number, readonly [PgTypeName, number]>> = { 26: ['int4', 0], 1028: ['int4', 1] }

const identity = (value: string) => value

/** The encoder for a scalar type; an enum's checks membership in `enumValues`. */
export function scalarEncoder(type: PgTypeName, enumValues?: readonly string[]): Encoder {
  if (type !== 'enum') return pgTypes[type].encode
  const allowed = new Set(enumValues)
  const list = [...allowed].map((v) => JSON.stringify(v)).join(', ')
  return (value) => {
    if (typeof value !== 'string' || !allowed.has(value)) throw new EncodeError(`expected one of ${list}, got ${describe(value)}`)
    return value
  }
}

/** The encoder for a column: scalar, or an array of `dimensions` levels. */
export function columnEncoder(type: PgTypeName, dimensions: number, enumValues?: readonly string[]): Encoder {
  const scalar = scalarEncoder(type, enumValues)
  if (dimensions === 0) return scalar
  return (value) => encodeArray(value, scalar, dimensions)
}

/** The decoder of a column's text (undefined: the text is the value). */
export function textDecoder(type: PgTypeName, dimensions: number): ((text: string) => unknown) | undefined {
  const scalar = (pgTypes[type] as PgType).decode
  if (dimensions === 0) return scalar
  const element = scalar ?? identity
  return (value) => decodeArray(value, element)
}

/** The decoder of a column's value inside JSON (undefined: the JSON value is already right). */
export function jsonDecoder(type: PgTypeName, dimensions: number): ((value: unknown) => unknown) | undefined {
  const scalar = (pgTypes[type] as PgType).decodeJson
  if (!scalar) return undefined
  if (dimensions === 0) return scalar as (value: unknown) => unknown
  return (value) => jsonArray(value, scalar)
}

const byOid = new Map<number, { type: PgTypeName; dimensions: number }>()
for (const [name, row] of Object.entries(pgTypes) as [PgTypeName, PgType][]) {
  if (row.oid !== undefined) byOid.set(row.oid, { type: name, dimensions: 0 })
  if (row.arrayOid !== undefined) byOid.set(row.arrayOid, { type: name, dimensions: 1 })
}
for (const [oid, [type, dimensions]] of Object.entries(oidAliases)) byOid.set(Number(oid), { type, dimensions })

/** The type dbridge reads a result column of type `oid` as (and its array dimensions), if it knows one. */
export function pgTypeOfOid(oid: number): { readonly type: PgTypeName; readonly dimensions: number } | undefined {
  return byOid.get(oid)
}

/** The decoder for a result column of type `oid` (`db.sql`), or undefined to keep the text. */
export function oidDecoder(oid: number): ((text: string) => unknown) | undefined {
  const entry = byOid.get(oid)
  return entry && textDecoder(entry.type, entry.dimensions)
}

/**
 * Overrides postgres.js's own parsers and serializers so that values cross the driver as
 * text in both directions: the types postgres.js would parse (these OIDs, a fact of the
 * driver) arrive as their text, and dbridge's decoders and encoders do the conversions.
 */
export function driverTypes(): Record<string, { to: number; from: number[]; parse: (x: string) => string; serialize: (x: unknown) => string }> {
  return {
    dbridgeText: {
      to: 25,
      from: [16, 17, 20, 21, 23, 26, 114, 700, 701, 1082, 1114, 1184, 3802, 1700],
      parse: identity,
      serialize: (x: unknown) => '' + (x as string),
    },
  }
}

/** Whether an array of this scalar type can be written without quoting its elements. */
export function isBareArrayElement(type: PgTypeName): boolean {
  return (pgTypes[type] as PgType).bareInArray === true
}

/**
 * node-postgres returns int8 as a string by default. This per-pool parser makes it a
 * bigint, the type dbridge returns (numeric stays a string, timestamptz a Date). It is set
 * on each pool rather than globally, so Prisma's adapter (also over pg) keeps its own.
 */
import pg from 'pg'

const INT8 = 20

export const bigintTypes: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8 ? (value: string) => BigInt(value) : pg.types.getTypeParser(oid, format)) as pg.CustomTypesConfig['getTypeParser'],
}

import { table, t, enumType, sql } from 'dbridge/schema'
import type { Dimensions } from './types'

export const mood = enumType('mood', ['happy', 'sad'])

/** Every column type, with the defaults each renders. */
export const samples = table('samples', {
  id: t.serial().primaryKey(),
  big: t.bigserial(),
  small: t.smallint().default(-3),
  int: t.integer().default(42),
  long: t.bigint().default(9007199254740993n),
  ratio: t.real().default(1.5),
  precise: t.doublePrecision().nullable(),
  money: t.numeric(10, 2).default('12.50'),
  anyNumber: t.numeric().nullable(),
  flag: t.boolean().default(true),
  body: t.text().default("it's"),
  code: t.varchar(8).nullable(),
  free: t.varchar().nullable(),
  letter: t.char(),
  initials: t.char(3).nullable(),
  key: t.uuid().defaultRandom(),
  day: t.date().default('2024-02-29'),
  at: t.time().nullable(),
  stamp: t.timestamp().nullable(),
  stampTz: t.timestamptz().defaultNow(),
  span: t.interval().default(sql`interval '1 day'`),
  doc: t.json().nullable(),
  size: t.jsonb<Dimensions>().default({ width: 1, height: 2 }),
  bytes: t.bytea().nullable(),
  address: t.inet().nullable(),
  email: t.citext().email(),
  feeling: t.enum(mood).default('happy'),
  feelings: t.enum(mood).array().default(['happy', 'sad']),
  grid: t.integer().array().array().default([[1, 2], [3, 4]]),
  maybe: t.text().nullable().default(null),
  legacyName: t.text().dbName('LegacyNAME').nullable(),
})

/** Validators, and the checks SQL can express for them. */
export const bounded = table('bounded', {
  id: t.serial().primaryKey(),
  age: t.integer().min(0).max(150),
  score: t.numeric(5, 2).min('0.5'),
  name: t.text().length({ min: 1, max: 80 }),
  code: t.char(4).length(4),
  nick: t.varchar(20).min(2).nullable(),
  homepage: t.text().url().nullable(),
  slug: t.text().regex(/^[a-z-]+$/i),
  tags: t.text().array().length({ max: 5 }),
})

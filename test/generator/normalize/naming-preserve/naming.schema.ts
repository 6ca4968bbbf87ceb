import { table, t, enumType, index } from 'dbridge/schema'

export const accountKind = enumType('accountKind', ['personal', 'business'])

/** casing 'preserve': SQL names are the TypeScript names. */
export const people = table('People', {
  personId: t.serial().primaryKey(),
  region1Id: t.integer(),
  htmlURL: t.text().nullable(),
  kind: t.enum(accountKind),
  legacy_code: t.text().dbName('LEGACY').unique(),
}, (p) => [index(p.region1Id, p.htmlURL)])

export const bookCategories = table('bookCategories', { id: t.serial().primaryKey() })

export const data = table('data', { id: t.serial().primaryKey() }, { typeName: 'Datum' })

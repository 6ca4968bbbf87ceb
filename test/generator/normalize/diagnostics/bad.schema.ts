// Inputs normalize reports instead of throwing; the model holds what could be made of them.
import { table, t, enumType, index, unique, primaryKey, check, sql, type AnyColumn } from 'dbridge/schema'

const hidden = table('hidden', { id: t.serial().primaryKey() })

export const first = enumType('shade', ['light', 'dark'])
export const second = enumType('shade', ['red', 'green'])

export const twoKeys = table('two_keys', {
  a: t.integer().primaryKey(),
  b: t.integer().primaryKey(),
  shade: t.enum(second),
})

export const oddColumns = table('odd_columns', {
  id: t.serial().primaryKey().default(1),
  nothing: t.text().default(null as unknown as string),
  wrong: t.integer().default('x' as unknown as number),
  tooSmall: t.boolean().min(1),
  badLength: t.integer().length(3),
  notText: t.integer().email(),
  ref: t.integer().references(() => hidden.id),
  setNull: t.integer().references((): AnyColumn => twoKeys.a, { onDelete: 'set null' }),
  thrower: t.integer().references((): AnyColumn => {
    throw new Error('not yet')
  }),
  bogusAction: t.integer().nullable().references((): AnyColumn => twoKeys.a, { onDelete: 'explode' as 'cascade' }),
  shade: t.enum(first),
}, (o) => [
  primaryKey(o.nothing),
  unique(),
  index(),
  index(twoKeys.a),
  check(undefined as unknown as string, sql`true`),
  check('no_sql', 'x > 1' as never),
  'junk' as never,
])

export const throwingExtras = table('throwing_extras', { id: t.serial().primaryKey() }, () => {
  throw new Error('boom')
})

export const notAList = table('not_a_list', { id: t.serial().primaryKey() }, (() => 'nope') as never)

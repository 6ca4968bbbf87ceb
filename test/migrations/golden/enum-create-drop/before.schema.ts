import { table, t, enumType } from 'dbridge/schema'

export const tier = enumType('tier', ['free', 'paid'])
export const unused = enumType('unused', ['x'])

export const accounts = table('accounts', {
  id: t.serial().primaryKey(),
  tier: t.enum(tier),
})

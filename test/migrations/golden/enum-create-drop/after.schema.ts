import { table, t, enumType } from 'dbridge/schema'

export const plan = enumType('plan', ['basic', 'pro'])
export const role = enumType('role', ['member', 'owner'])

export const accounts = table('accounts', {
  id: t.serial().primaryKey(),
  plan: t.enum(plan).default('basic'),
  roles: t.enum(role).array().default(['member']),
})

import { table, t, enumType, type AnyColumn } from 'dbridge/schema'

export const role = enumType('role', ['reader', 'writer'])

export const users = table('users', {
  id: t.serial().primaryKey(),
  role: t.enum(role).default('reader'),
  managerId: t.integer().nullable().references((): AnyColumn => users.id, { name: 'manager', inverse: 'reports', onDelete: 'set null' }),
})

/** A tree: categories.parent and categories.children. */
export const categories = table('categories', {
  id: t.serial().primaryKey(),
  parentId: t.integer().nullable().references((): AnyColumn => categories.id, { inverse: 'children', onDelete: 'cascade' }),
})

import { table, t, enumType } from 'dbridge/schema'

export const status = enumType('author_status', ['new', 'active', 'retired', 'banned'])
export const size = enumType('size', ['small', 'medium', 'large'])

export const authors = table('authors', {
  id: t.serial().primaryKey(),
  status: t.enum(status).default('active'),
  history: t.enum(status).array().default([]),
  previous: t.enum(status).nullable(),
  size: t.enum(size),
})

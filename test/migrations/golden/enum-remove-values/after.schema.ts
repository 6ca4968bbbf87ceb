import { table, t, enumType } from 'dbridge/schema'

/** 'new' and 'banned' removed. */
export const status = enumType('author_status', ['active', 'retired'])
/** Reordered, nothing removed. */
export const size = enumType('size', ['large', 'medium', 'small'])

export const authors = table('authors', {
  id: t.serial().primaryKey(),
  status: t.enum(status).default('active'),
  history: t.enum(status).array().default([]),
  previous: t.enum(status).nullable(),
  size: t.enum(size),
})

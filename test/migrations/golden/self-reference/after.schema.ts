import { table, t, index, type AnyColumn } from 'dbridge/schema'

/** A self-reference added to an existing table, with an index. */
export const categories = table('categories', {
  id: t.serial().primaryKey(),
  name: t.text(),
  parentId: t.integer().nullable().references((): AnyColumn => categories.id, { inverse: 'children', onDelete: 'cascade' }),
}, (c) => [index(c.parentId)])

/** A new table referencing itself, without an index. */
export const comments = table('comments', {
  id: t.bigserial().primaryKey(),
  replyToId: t.bigint().nullable().references((): AnyColumn => comments.id, { name: 'replyTo', inverse: 'replies' }),
  body: t.text(),
})

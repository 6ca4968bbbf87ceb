import { table, t, index } from 'dbridge/schema'

export const authors = table('authors', { id: t.serial().primaryKey() })
export const publishers = table('publishers', { id: t.serial().primaryKey() })

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  authorId: t.integer().references(() => authors.id, { onDelete: 'cascade' }),
  publisherId: t.integer().references(() => publishers.id),
  editorId: t.integer().nullable(),
  translatorId: t.integer().nullable().references(() => authors.id, { name: 'translator', inverse: 'translatedBooks' }),
}, (b) => [index(b.authorId)])

export const reviews = table('reviews', {
  id: t.bigserial().primaryKey(),
  bookId: t.bigint().references(() => books.id),
})

import { table, t, enumType } from 'dbridge/schema'

export const status = enumType('book_status', ['draft', 'live'])

export const authors = table('authors', { id: t.serial().primaryKey(), name: t.text() })
export const books = table('books', {
  id: t.bigserial().primaryKey(),
  authorId: t.integer().references(() => authors.id),
  status: t.enum(status),
})
export const reviews = table('reviews', {
  id: t.bigserial().primaryKey(),
  bookId: t.bigint().references(() => books.id),
})

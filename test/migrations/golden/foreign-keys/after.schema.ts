import { table, t, index } from 'dbridge/schema'

export const authors = table('authors', { id: t.serial().primaryKey() })
export const publishers = table('publishers', { id: t.serial().primaryKey() })

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  // Replaced: another action.
  authorId: t.integer().references(() => authors.id, { onDelete: 'restrict' }),
  // Dropped.
  publisherId: t.integer(),
  // New, without an index.
  editorId: t.integer().nullable().references(() => authors.id, { name: 'editor', inverse: 'editedBooks', onDelete: 'set null', onUpdate: 'cascade' }),
  // Replaced: another action, now with onUpdate.
  translatorId: t.integer().nullable().references(() => authors.id, { name: 'translator', inverse: 'translatedBooks', onUpdate: 'cascade' }),
}, (b) => [index(b.authorId), index(b.translatorId)])

export const reviews = table('reviews', {
  id: t.bigserial().primaryKey(),
  // Renamed: same shape, another constraint name.
  bookId: t.bigint().references(() => books.id, { constraintName: 'reviews_book_fk' }),
})

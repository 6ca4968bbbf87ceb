import { table, t, index, unique, primaryKey, check, manyToMany, sql } from 'dbridge/schema'
import { authors } from './authors.schema'
import type { BookMeta } from './types.js'

export const books = table(
  'books',
  {
    id: t.bigserial().primaryKey(),
    isbn: t.varchar(13).unique(),
    title: t.text().length({ min: 1, max: 500 }),
    authorId: t.integer().references(() => authors.id, { onDelete: 'cascade' }),
    price: t.numeric(10, 2).min(0),
    stock: t.integer().default(0).min(0),
    tags: t.text().array().default([]),
    meta: t.jsonb<BookMeta>().nullable(),
    publishedOn: t.date().nullable(),
    cover: t.bytea().nullable(),
    createdAt: t.timestamptz().defaultNow(),
  },
  (b) => [
    index(b.authorId),
    index(b.createdAt).desc(),
    index(b.tags).using('gin'),
    // Path filters on meta (`{ path: ['language'], equals: 'en' }`) are containment: GIN answers them.
    index(b.meta).using('gin'),
    // What `where: { title: { search: { query, config: 'english' } } }` uses.
    index(sql`to_tsvector('english', title)`).using('gin'),
  ],
)

export const genres = table('genres', {
  id: t.serial().primaryKey(),
  name: t.text().unique(),
})

export const booksGenres = manyToMany(books, genres)

export const editions = table(
  'editions',
  {
    bookId: t.bigint().references(() => books.id, { onDelete: 'cascade' }),
    number: t.integer(),
    printedOn: t.date(),
    copies: t.integer().nullable(),
  },
  (e) => [
    primaryKey(e.bookId, e.number),
    unique(e.bookId, e.printedOn),
    index(e.printedOn).where(sql`number > 1`),
    check('positive_number', sql`number > 0`),
  ],
)

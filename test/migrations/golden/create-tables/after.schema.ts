import { table, t, index, unique, primaryKey, check, enumType, foreignKey, sql, type AnyColumn } from 'dbridge/schema'

export const authorStatus = enumType('author_status', ['active', 'retired'])

export const authors = table('authors', {
  id: t.serial().primaryKey(),
  name: t.text().length({ min: 1, max: 200 }),
  email: t.citext().unique(),
  status: t.enum(authorStatus).default('active'),
  bio: t.text().nullable(),
  // A cycle: books references authors, authors references books.
  favoriteBookId: t.bigint().nullable().references((): AnyColumn => books.id, { onDelete: 'set null' }),
})

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  isbn: t.varchar(13).unique(),
  authorId: t.integer().references(() => authors.id, { onDelete: 'cascade' }),
  price: t.numeric(10, 2).default('0').check(sql`price >= 0`),
  tags: t.text().array().default([]),
  createdAt: t.timestamptz().defaultNow(),
}, (b) => [index(b.authorId), index(b.createdAt).desc()])

export const editions = table('editions', {
  bookId: t.bigint().references(() => books.id, { onDelete: 'restrict', onUpdate: 'cascade' }),
  number: t.integer().min(1),
  printedOn: t.date(),
}, (e) => [
  primaryKey(e.bookId, e.number),
  unique(e.bookId, e.printedOn),
  index(e.printedOn).where(sql`number > 1`),
  check('editions_recent', sql`printed_on > '1450-01-01'`),
])

export const printings = table('printings', {
  id: t.uuid().primaryKey().defaultRandom(),
  bookId: t.bigint(),
  editionNumber: t.integer(),
  copies: t.integer().default(0),
}, (p) => [foreignKey([p.bookId, p.editionNumber], () => [editions.bookId, editions.number], { onDelete: 'cascade' })])

import { table, t, index, unique, primaryKey, check, foreignKey, sql } from 'dbridge/schema'

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  isbn: t.varchar(13).unique(),
  title: t.text(),
  price: t.numeric(10, 2).check(sql`price >= 0`).check(sql`price < 10000`),
  tags: t.text().array(),
  stock: t.integer(),
}, (b) => [
  unique(b.title, b.price).name('books_title_price_unique'),
  index(b.title),
  index(b.stock, b.price).desc().where(sql`stock > 0`).name('books_in_stock'),
  index(b.isbn).unique(),
  index(b.tags).using('gin'),
  check('books_stock_known', sql`stock >= 0`),
])

export const editions = table('editions', {
  bookId: t.bigint().references(() => books.id),
  number: t.integer(),
  printedOn: t.date(),
}, (e) => [primaryKey(e.bookId, e.number).name('editions_key'), unique(e.bookId, e.printedOn)])

export const printings = table('printings', {
  bookId: t.bigint(),
  editionNumber: t.integer(),
  aVeryLongColumnNameThatKeepsGoingAndGoing: t.integer(),
  anotherVeryLongColumnNameThatKeepsGoingOnAndOn: t.integer(),
}, (p) => [
  foreignKey([p.bookId, p.editionNumber], () => [editions.bookId, editions.number], { onDelete: 'cascade', onUpdate: 'restrict' }),
  // Generated names past PostgreSQL's 63 bytes are shortened with a hash.
  index(p.aVeryLongColumnNameThatKeepsGoingAndGoing, p.anotherVeryLongColumnNameThatKeepsGoingOnAndOn),
  unique(p.aVeryLongColumnNameThatKeepsGoingAndGoing, p.anotherVeryLongColumnNameThatKeepsGoingOnAndOn),
])

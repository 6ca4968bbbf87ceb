import { table, t, index, sql } from 'dbridge/schema'

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  title: t.text(),
  authorId: t.integer(),
  price: t.numeric(10, 2),
  tags: t.text().array(),
  stock: t.integer(),
}, (b) => [
  // Replaced: same name, now unique.
  index(b.title).unique(),
  // Renamed: same shape, another name.
  index(b.authorId).name('books_author_idx'),
  // Replaced: another predicate.
  index(b.price).where(sql`price > 10`),
  // New: multi-column, descending, partial, unique, method.
  index(b.authorId, b.title),
  index(b.stock, b.price).desc().where(sql`stock > 0`).name('books_in_stock'),
  index(b.tags).using('gin'),
  // books_stock_idx is dropped.
])

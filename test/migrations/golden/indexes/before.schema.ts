import { table, t, index, sql } from 'dbridge/schema'

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  title: t.text(),
  authorId: t.integer(),
  price: t.numeric(10, 2),
  tags: t.text().array(),
  stock: t.integer(),
}, (b) => [
  index(b.title),
  index(b.authorId).name('books_by_author'),
  index(b.price).where(sql`price > 0`),
  index(b.stock),
])

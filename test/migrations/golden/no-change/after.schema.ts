import { table, t, index, enumType, sql } from 'dbridge/schema'

export const status = enumType('author_status', ['active', 'retired'])

export const authors = table('authors', {
  id: t.serial().primaryKey(),
  name: t.text().length({ min: 1 }),
  status: t.enum(status).default('active'),
})

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  authorId: t.integer().references(() => authors.id, { onDelete: 'cascade' }),
  price: t.numeric(10, 2).default('0'),
}, (b) => [index(b.authorId), index(b.price).where(sql`price > 0`)])

import { table, t, index, sql } from 'dbridge/schema'

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  title: t.text(),
  subtitle: t.text().nullable(),
  isbn: t.varchar(13).unique(),
  pages: t.integer().check(sql`pages > 0`),
  shelf: t.text(),
}, (b) => [index(b.shelf)])

import { table, t, enumType } from 'dbridge/schema'

export const format = enumType('book_format', ['paper', 'ebook'])

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  title: t.text(),
  subtitle: t.text().nullable(),
  pages: t.integer(),
  stock: t.integer().default(0),
  format: t.enum(format).default('paper'),
  tags: t.text().array().default([]),
  position: t.serial(),
  isbn: t.varchar(13).unique(),
  addedAt: t.timestamptz().defaultNow(),
})

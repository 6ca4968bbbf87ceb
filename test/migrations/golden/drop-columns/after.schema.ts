import { table, t } from 'dbridge/schema'

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  title: t.text(),
})

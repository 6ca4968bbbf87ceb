import { table, t, unique } from 'dbridge/schema'

export const editions = table('editions', {
  bookId: t.bigint().primaryKey(),
  number: t.integer(),
  isbn: t.text(),
  printedOn: t.date(),
}, (e) => [unique(e.isbn, e.printedOn)])

export const logs = table('logs', {
  id: t.bigint(),
  message: t.text(),
})

export const sessions = table('sessions', {
  token: t.text().primaryKey(),
  userId: t.integer(),
})

import { table, t, unique, primaryKey } from 'dbridge/schema'

/** Single-column key -> composite key; the unique constraint changes columns. */
export const editions = table('editions', {
  bookId: t.bigint(),
  number: t.integer(),
  isbn: t.text(),
  printedOn: t.date(),
}, (e) => [primaryKey(e.bookId, e.number), unique(e.isbn).name('editions_isbn_printed_on_key'), unique(e.bookId, e.printedOn)])

/** A key added. */
export const logs = table('logs', {
  id: t.bigint().primaryKey(),
  message: t.text(),
})

/** The key dropped. */
export const sessions = table('sessions', {
  token: t.text(),
  userId: t.integer(),
})

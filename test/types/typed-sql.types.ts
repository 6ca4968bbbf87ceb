/**
 * Compile-time tests of typed SQL files (the example's examples/queries/reports.sql),
 * checked by `npm run typecheck` and never run. Each `@ts-expect-error` line must fail to
 * compile, or tsc reports the directive as unused.
 */
import type { AuthorStatus, BookMetaRow, Db, TopAuthorsRow } from '../../generated/index.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function expectType<T extends true>(): T | undefined {
  return undefined
}

declare const db: Db

export async function results() {
  const authors = await db.queries.topAuthors({ minBooks: 2, limit: 10n })
  expectType<Equal<typeof authors, TopAuthorsRow[]>>()
  // Straight from NOT NULL columns on the side a LEFT JOIN keeps: non-null; count(...)::int: non-null; max(...): nullable.
  expectType<Equal<TopAuthorsRow, { id: number; name: string; bookCount: number; latest: string | null }>>()
  const first = authors[0]!
  // @ts-expect-error a nullable column used as non-null
  const latest: string = first.latest
  void latest

  const renamed = await db.queries.renameAuthor({ name: 'New', id: 1 })
  expectType<Equal<typeof renamed, { id: number; name: string; bio: string | null; email: string; status: AuthorStatus; website: string | null; createdAt: Date } | null>>()

  const meta = await db.queries.bookMeta({ id: 1n })
  // json of a declared jsonb<T> column is T; `!` asserts non-null.
  expectType<Equal<BookMetaRow['metaCopy'], { pages: number; language: string; awards?: string[] }>>()
  expectType<Equal<BookMetaRow['meta'], { pages: number; language: string; awards?: string[] } | null>>()
  void meta

  const touched = await db.queries.restock({ amount: 5, authorId: 1 })
  expectType<Equal<typeof touched, number>>()
}

export function parameters() {
  // Optional parameters (`:status?`) may be left out, with the argument itself.
  void db.queries.bookRanks()
  void db.queries.bookRanks({ status: null })
  void db.queries.bookRanks({ status: 'retired' })
  // @ts-expect-error not a value of the enum
  void db.queries.bookRanks({ status: 'sleeping' })
  // @ts-expect-error a required parameter missing
  void db.queries.topAuthors({ minBooks: 2 })
  // @ts-expect-error no argument at all
  void db.queries.topAuthors()
  // @ts-expect-error the wrong type (an int4 parameter takes a number)
  void db.queries.restock({ amount: '5', authorId: 1 })
  // @ts-expect-error null for a required parameter
  void db.queries.restock({ amount: null, authorId: 1 })
  // @ts-expect-error an unknown parameter
  void db.queries.restock({ amount: 1, authorId: 1, extra: true })
  // @ts-expect-error a statement that does not exist
  void db.queries.nope
  // In a transaction too.
  void db.transaction(async (tx) => {
    const rows = await tx.queries.topAuthors({ minBooks: 1, limit: 5 })
    expectType<Equal<typeof rows, TopAuthorsRow[]>>()
  })
}

/** Compile-time tests of relations: `with` result types, relation filters, load and link. */
import type { Author, Book, Db, Genre, Edition } from '../../generated/index.js'

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false
function expectType<T extends true>(): T | undefined {
  return undefined
}
type Simplify<T> = { [K in keyof T]: T[K] } & {}

declare const db: Db

export async function eager() {
  const books = await db.books.findMany({ with: { author: true, genres: true } })
  expectType<Equal<Simplify<(typeof books)[number]>, Simplify<Book & { author: Author; genres: Genre[] }>>>()

  const authors = await db.authors.findMany({
    select: ['id', 'name'],
    with: { books: { where: { price: { lt: '20' } }, orderBy: [{ title: 'asc' }], limit: 5, select: ['title'], with: { genres: { select: ['name'] }, editions: true } } },
  })
  type AuthorRow = (typeof authors)[number]
  expectType<Equal<AuthorRow['id'], number>>()
  type BookRow = AuthorRow['books'][number]
  expectType<Equal<BookRow['title'], string>>()
  expectType<Equal<BookRow['genres'], Pick<Genre, 'name'>[]>>()
  expectType<Equal<BookRow['editions'], Edition[]>>()
  // @ts-expect-error price was not selected in the nested level
  authors[0]?.books[0]?.price
  // @ts-expect-error email was not selected at the top level
  authors[0]?.email

  const one = await db.books.findById(1n, { with: { author: { select: ['name'] } } })
  expectType<Equal<NonNullable<typeof one>['author'], Pick<Author, 'name'>>>()
  const filtered = await db.books.findMany({ with: { author: { where: { status: 'active' } } } })
  expectType<Equal<(typeof filtered)[number]['author'], Author | null>>()

  // @ts-expect-error books has no relation 'publisher'
  await db.books.findMany({ with: { publisher: true } })
  // @ts-expect-error limit is for many relations only
  await db.books.findMany({ with: { author: { limit: 1 } } })
  // @ts-expect-error nested relations are checked too
  await db.authors.findMany({ with: { books: { with: { publisher: true } } } })
}

export async function filters() {
  await db.books.findMany({ where: { author: { is: { name: 'x' } }, genres: { some: { name: 'sf' } }, editions: { none: {} } } })
  await db.books.findMany({ where: { author: { isNot: null } } })
  // @ts-expect-error some is for many relations
  await db.books.findMany({ where: { author: { some: {} } } })
  // @ts-expect-error is is for one relations
  await db.authors.findMany({ where: { books: { is: {} } } })
}

export async function lazy(rows: Pick<Author, 'id' | 'name'>[]) {
  const loaded = await db.authors.load(rows, { books: { select: ['title'], with: { genres: true } } })
  expectType<Equal<(typeof loaded)[number]['name'], string>>()
  expectType<Equal<(typeof loaded)[number]['books'][number]['genres'], Genre[]>>()
  await db.books.link('genres', 1n, [1, 2])
  // @ts-expect-error genre keys are numbers
  await db.books.link('genres', 1n, ['1'])
  // @ts-expect-error author is not many-to-many
  await db.books.link('author', 1n, [1])
}

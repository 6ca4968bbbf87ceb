/**
 * Runtime benchmarks: the generated client against hand-written postgres.js SQL, in one
 * process, on one database, interleaved (see harness.ts).
 */
import postgres from 'postgres'
import { createDb } from '../generated/index.js'
import { createBenchDatabase, readGenerated } from './database.js'
import { measure, type VariantResult, type Workload } from './harness.js'

const columns = 'id, isbn, title, author_id, price, stock, tags, meta, published_on, cover, created_at'

export async function runtimeBenchmarks(options: { quick: boolean }): Promise<VariantResult[]> {
  const database = await createBenchDatabase(readGenerated('schema.sql'))
  const max = 4
  const db = createDb({ url: database.url, max })
  const sql = postgres(database.url, { max, onnotice: () => {} })
  try {
    const authors = await db.authors.insertMany(
      Array.from({ length: 100 }, (_, i) => ({ name: `Author ${i}`, email: `author${i}@example.com` })),
    )
    const seed = Array.from({ length: 10_000 }, (_, i) => ({
      isbn: `seed${i}`,
      title: `Book ${i}`,
      authorId: authors[i % 100]!.id,
      price: (5 + (i % 50)).toFixed(2),
      tags: i % 3 === 0 ? ['sci-fi'] : ['novel', 'classic'],
      meta: { pages: 100 + (i % 400), language: 'en' },
      publishedOn: '2001-01-01',
    }))
    await db.books.insertMany(seed, { returning: false })
    const customers = await db.customers.insertMany(Array.from({ length: 20 }, (_, i) => ({ email: `c${i}@example.com`, name: `Customer ${i}` })))
    const firstBooks = await db.books.findMany({ orderBy: { id: 'asc' }, limit: 1000, select: ['id'] })
    await db.reviews.insertMany(
      firstBooks.flatMap((b, i) =>
        Array.from({ length: 5 }, (_, j) => ({ bookId: b.id, customerId: customers[(i + j) % 20]!.id, rating: 1 + ((i + j) % 5), body: `Review ${j} of book ${i}` })),
      ),
      { returning: false },
    )
    await db.sql`ANALYZE`
    const ids = (await db.books.findMany({ select: ['id'] })).map((b) => b.id)
    const pick = (i: number) => ids[(i * 7919) % ids.length]!
    let serial = 0
    const newBook = () => ({ isbn: `n${process.pid}-${serial++}`, title: 'New', authorId: authors[serial % 100]!.id, price: '12.50', tags: ['a', 'b'] })
    const newRow = () => {
      const b = newBook()
      return { isbn: b.isbn, title: b.title, author_id: b.authorId, price: b.price, tags: b.tags }
    }

    const bookColumns = sql.unsafe(
      'b.id::text as id, b.isbn, b.title, b.author_id as "authorId", b.price, b.stock, b.tags, b.meta, b.published_on as "publishedOn", b.cover, b.created_at as "createdAt"',
    )
    /** The best single statement written by hand, converted to the same runtime types dbridge returns. */
    const nestedByHand = async () => {
      const rows = await sql`
        select ${bookColumns},
          (select to_json(a) from (select a.id, a.name, a.bio, a.email, a.status, a.website, a.created_at as "createdAt"
             from authors a where a.id = b.author_id) a) as author,
          (select coalesce(json_agg(r), '[]') from (select r.id::text as id, r.book_id::text as "bookId", r.customer_id as "customerId",
             r.rating, r.body, r.created_at as "createdAt" from reviews r where r.book_id = b.id order by r.id) r) as reviews
        from books b order by b.id limit ${100}`
      return rows.map((row) => ({
        ...row,
        id: BigInt(row.id),
        author: { ...row.author, createdAt: new Date(row.author.createdAt) },
        reviews: (row.reviews as { id: string; bookId: string; createdAt: string }[]).map((r) => ({ ...r, id: BigInt(r.id), bookId: BigInt(r.bookId), createdAt: new Date(r.createdAt) })),
      }))
    }
    /** The naive loop: one query for the books, then two per book. */
    const nPlusOne = async () => {
      const books = await sql`select ${sql.unsafe(columns)} from books order by id limit ${100}`
      for (const book of books) {
        book.author = (await sql`select id, name, bio, email, status, website, created_at from authors where id = ${book.author_id}`)[0]
        book.reviews = await sql`select id, book_id, customer_id, rating, body, created_at from reviews where book_id = ${book.id} order by id`
      }
      return books
    }
    /** The same loop through the client. */
    const nPlusOneDbridge = async () => {
      const books = await db.books.findMany({ orderBy: [{ id: 'asc' }], limit: 100 })
      const out = []
      for (const book of books) {
        const author = await db.authors.findById(book.authorId)
        const reviews = await db.reviews.findMany({ where: { bookId: book.id }, orderBy: [{ id: 'asc' }] })
        out.push({ ...book, author, reviews })
      }
      return out
    }
    const workloads: Workload[] = [
      {
        name: 'findById',
        variants: [
          { name: 'postgres.js', baseline: true, run: (i) => sql`select ${sql.unsafe(columns)} from books where id = ${String(pick(i))}` },
          { name: 'dbridge', run: (i) => db.books.findById(pick(i)) },
        ],
      },
      {
        name: 'findMany 100 rows, filter + order',
        variants: [
          {
            name: 'postgres.js',
            baseline: true,
            run: () => sql`select ${sql.unsafe(columns)} from books where price >= ${'10.00'} and stock >= ${0} order by created_at desc limit ${100}`,
          },
          { name: 'dbridge', run: () => db.books.findMany({ where: { price: { gte: '10.00' }, stock: { gte: 0 } }, orderBy: [{ createdAt: 'desc' }], limit: 100 }) },
        ],
      },
      {
        name: 'insert one',
        variants: [
          { name: 'postgres.js', baseline: true, run: () => sql`insert into books ${sql(newRow())} returning ${sql.unsafe(columns)}` },
          { name: 'dbridge', run: () => db.books.insert(newBook()) },
        ],
      },
      {
        name: 'insertMany 1,000 rows',
        timeMs: options.quick ? 300 : 4000,
        variants: [
          { name: 'postgres.js VALUES', baseline: true, run: () => sql`insert into books ${sql(Array.from({ length: 1000 }, newRow))} returning ${sql.unsafe(columns)}` },
          {
            name: 'postgres.js unnest',
            baseline: true,
            run: () => {
              const rows = Array.from({ length: 1000 }, newRow)
              return sql`insert into books (isbn, title, author_id, price, tags)
                select u.isbn, u.title, u.author_id, u.price, u.tags::text[] from unnest(
                  ${rows.map((r) => r.isbn)}::varchar[], ${rows.map((r) => r.title)}::text[], ${rows.map((r) => r.author_id)}::int4[],
                  ${rows.map((r) => r.price)}::numeric[], ${rows.map((r) => '{' + r.tags.join(',') + '}')}::text[]
                ) as u(isbn, title, author_id, price, tags) returning ${sql.unsafe(columns)}`
            },
          },
          { name: 'dbridge', run: () => db.books.insertMany(Array.from({ length: 1000 }, newBook)) },
        ],
      },
      {
        name: '100 books with author and 5 reviews each',
        timeMs: options.quick ? 300 : 6000,
        variants: [
          { name: 'postgres.js, one hand-written statement', baseline: true, run: nestedByHand },
          { name: 'dbridge with', run: () => db.books.findMany({ orderBy: [{ id: 'asc' }], limit: 100, with: { author: true, reviews: { orderBy: [{ id: 'asc' }] } } }) },
          { name: 'N+1 loop, dbridge (201 queries)', run: nPlusOneDbridge },
          { name: 'N+1 loop, postgres.js (201 queries)', run: nPlusOne },
        ],
      },
      {
        name: 'update by id',
        variants: [
          { name: 'postgres.js', baseline: true, run: (i) => sql`update books set stock = ${i % 100} where id = ${String(pick(i))} returning ${sql.unsafe(columns)}` },
          { name: 'dbridge', run: (i) => db.books.update({ where: { id: pick(i) }, set: { stock: i % 100 } }) },
        ],
      },
    ]
    const results: VariantResult[] = []
    for (const workload of workloads) {
      results.push(...(await measure(workload, { warmupMs: options.quick ? 100 : 1000, timeMs: options.quick ? 300 : 5000 })))
    }
    return results
  } finally {
    await db.close()
    await sql.end()
    await database.drop()
  }
}

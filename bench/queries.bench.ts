/**
 * Queries beyond CRUD on 100,000 books: groupBy against the hand-written GROUP BY, a typed SQL
 * file's statements against the same statements by hand, keyset
 * pages against offset pages (deep pages too: keyset stays flat, offset grows with the
 * page), and a JSON path filter answered by a GIN index against the hand-written `@>`.
 * Same process, same database, interleaved (harness.ts); hand-written results are converted
 * to the types dbridge returns (int8 as bigint), so both sides do the same work.
 */
import postgres from 'postgres'
import { createDb } from '../generated/index.js'
import { createBenchDatabase, readGenerated } from './database.js'
import { measure, type VariantResult, type Workload } from './harness.js'

const rows = 100_000
const pageSize = 20

export async function queryBenchmarks(options: { quick: boolean }): Promise<VariantResult[]> {
  const database = await createBenchDatabase(readGenerated('schema.sql'))
  const max = 4
  const db = createDb({ url: database.url, max })
  const sql = postgres(database.url, { max, onnotice: () => {} })
  try {
    const authors = await db.authors.insertMany(Array.from({ length: 200 }, (_, i) => ({ name: `Author ${i}`, email: `author${i}@example.com` })))
    const start = Date.UTC(2020, 0, 1)
    for (let from = 0; from < rows; from += 10_000) {
      await db.books.copyFrom(
        Array.from({ length: 10_000 }, (_, k) => {
          const i = from + k
          return {
            isbn: `b${i}`,
            title: `Book ${i}`,
            authorId: authors[i % authors.length]!.id,
            price: (5 + (i % 50)).toFixed(2),
            stock: i % 17,
            // One book in 500 is in French: a selective path filter.
            meta: { pages: 100 + (i % 400), language: i % 500 === 0 ? 'fr' : 'en' },
            createdAt: new Date(start + i * 1000),
          }
        }),
      )
    }
    await db.sql`ANALYZE`

    const workloads: Workload[] = []

    workloads.push({
      name: 'groupBy authorId: _count, _sum stock (100k rows, 200 groups)',
      variants: [
        { name: 'dbridge', run: () => db.books.groupBy({ by: ['authorId'], _count: true, _sum: { stock: true }, orderBy: { authorId: 'asc' } }) },
        {
          name: 'postgres.js',
          baseline: true,
          run: async () => {
            const groups = await sql`select author_id as "authorId", count(*)::int as count, sum(stock) as sum from books group by author_id order by author_id`
            return groups.map((g) => ({ authorId: g.authorId, _count: g.count, _sum: { stock: g.sum === null ? null : BigInt(g.sum) } }))
          },
        },
      ],
    })

    // Pages of 20 by createdAt desc, id desc (the example's index on created_at): the cursor of page n is the last row of page n - 1.
    const order = [{ createdAt: 'desc' }, { id: 'desc' }] as const
    for (const page of [1, 50, 2500]) {
      const offset = (page - 1) * pageSize
      const [previous] = page === 1 ? [] : await db.books.findMany({ select: ['id', 'createdAt'], orderBy: order, offset: offset - 1, limit: 1 })
      const after = previous && { createdAt: previous.createdAt, id: previous.id }
      workloads.push({
        name: `page ${page} of ${pageSize} rows (offset ${offset})`,
        variants: [
          { name: 'dbridge keyset (after)', run: () => db.books.findMany({ select: ['id', 'title', 'createdAt'], orderBy: order, limit: pageSize, ...(after ? { after } : {}) }) },
          { name: 'dbridge offset', run: () => db.books.findMany({ select: ['id', 'title', 'createdAt'], orderBy: order, limit: pageSize, offset }) },
          {
            name: 'postgres.js keyset',
            baseline: true,
            run: async () => {
              const found = after
                ? await sql`select id, title, created_at as "createdAt" from books where (created_at, id) < (${after.createdAt}, ${String(after.id)}) order by created_at desc, id desc limit ${pageSize}`
                : await sql`select id, title, created_at as "createdAt" from books order by created_at desc, id desc limit ${pageSize}`
              return found.map((b) => ({ ...b, id: BigInt(b.id) }))
            },
          },
        ],
      })
    }

    workloads.push({
      name: "JSON path filter on a GIN-indexed jsonb column (meta.language = 'fr', 200 of 100k rows)",
      variants: [
        { name: 'dbridge', run: () => db.books.findMany({ select: ['id', 'title'], where: { meta: { path: ['language'], equals: 'fr' } } }) },
        {
          name: 'postgres.js',
          baseline: true,
          run: async () => {
            const found = await sql`select id, title from books where meta @> ${sql.json({ language: 'fr' })}`
            return found.map((b) => ({ id: BigInt(b.id), title: b.title }))
          },
        },
      ],
    })

    // A typed SQL file's statement (examples/queries/reports.sql: topAuthors) against the same statement by hand.
    const topAuthorsText = `select a.id, a.name, count(b.id)::int as book_count, max(b.published_on) as latest
from authors a
left join books b on b.author_id = a.id
group by a.id
having count(b.id) >= $1
order by book_count desc, a.id
limit $2`
    workloads.push({
      name: 'typed SQL file: topAuthors (GROUP BY over 100k rows, 10 rows out)',
      variants: [
        { name: 'dbridge db.queries', run: () => db.queries.topAuthors({ minBooks: 1, limit: 10 }) },
        {
          name: 'postgres.js',
          baseline: true,
          run: async () => {
            const found = await sql.unsafe(topAuthorsText, [1, 10], { prepare: true })
            return found.map((a) => ({ id: a.id, name: a.name, bookCount: a.book_count, latest: a.latest }))
          },
        },
      ],
    })
    workloads.push({
      name: 'typed SQL file: bookMeta by id (one row)',
      variants: [
        { name: 'dbridge db.queries', run: () => db.queries.bookMeta({ id: 5000n }) },
        {
          name: 'postgres.js',
          baseline: true,
          run: async () => {
            const [found] = await sql`select id, meta, meta as "metaCopy!", tags from books where id = ${'5000'}`
            return found ? { id: BigInt(found.id), meta: found.meta, metaCopy: found['metaCopy!'], tags: found.tags } : null
          },
        },
      ],
    })

    // Both sides answer alike (checked once, so that a benchmark of a wrong answer cannot pass unnoticed).
    const [ours, theirs] = [await workloads[0]!.variants[0]!.run(0), await workloads[0]!.variants[1]!.run(0)]
    if (JSON.stringify(ours, (_k, v) => (typeof v === 'bigint' ? String(v) : v)) !== JSON.stringify(theirs, (_k, v) => (typeof v === 'bigint' ? String(v) : v))) {
      throw new Error('groupBy and the hand-written GROUP BY disagree')
    }
    const typed = workloads.at(-2)!
    const [typedRows, typedByHand] = [(await typed.variants[0]!.run(0)) as { id: number; bookCount: number }[], (await typed.variants[1]!.run(0)) as { id: number; bookCount: number }[]]
    if (typedRows.length !== 10 || JSON.stringify(typedRows.map((r) => [r.id, r.bookCount])) !== JSON.stringify(typedByHand.map((r) => [r.id, r.bookCount]))) {
      throw new Error('the typed statement and the hand-written one disagree')
    }
    const last = workloads.find((w) => w.name.startsWith('JSON path'))!
    const [json, byHand] = [(await last.variants[0]!.run(0)) as unknown[], (await last.variants[1]!.run(0)) as unknown[]]
    if (json.length !== rows / 500 || byHand.length !== json.length) throw new Error(`the path filter found ${json.length} rows, by hand ${byHand.length}`)

    const results: VariantResult[] = []
    for (const workload of workloads) results.push(...(await measure(workload, { warmupMs: options.quick ? 100 : 1000, timeMs: options.quick ? 300 : 3000 })))
    return results
  } finally {
    await db.close()
    await sql.end()
    await database.drop()
  }
}

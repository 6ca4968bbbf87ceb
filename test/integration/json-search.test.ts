/**
 * JSON path filters, jsonb and array changes, and full-text search against a real
 * PostgreSQL (the example schema), each compared with the hand-written statement; the
 * path-equality filter is answered by a GIN index; search matches an expression index.
 */
import postgres from 'postgres'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../../generated/index.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
let books: Db["books"]
let authorId: number

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../../generated/schema.sql'))
  db = createDb({ url: database.url, max: 4 })
  books = db.books
  authorId = (await db.authors.insert({ name: 'A', email: 'a@example.com' })).id
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

const metas = [
  { pages: 100, language: 'en', awards: ['hugo', 'nebula'] },
  { pages: 250, language: 'fr' },
  { pages: 320, language: 'en', awards: [] },
  null,
  { pages: 90, language: 'de', awards: ['hugo'], extra: null },
]

beforeEach(async () => {
  await db.sql`TRUNCATE books RESTART IDENTITY CASCADE`
  await db.books.insertMany(
    metas.map((meta, i) => ({
      isbn: String(9780000000000 + i),
      title: ['The Left Hand of Darkness', 'Dune', 'Darkness Visible', 'Hands of the Dark', 'Left Behind'][i]!,
      authorId,
      price: '1.00',
      meta: meta as never,
      tags: i % 2 === 0 ? ['a'] : [],
    })),
  )
})

const titles = (rows: { title: string }[]) => rows.map((r) => r.title)
async function handWritten(condition: string, ...params: unknown[]): Promise<string[]> {
  const sql = postgres(database.url, { max: 1 })
  try {
    return (await sql.unsafe(`select title from books where ${condition} order by id`, params as never[])).map((r) => r.title as string)
  } finally {
    await sql.end()
  }
}

describe('JSON path filters', () => {
  it('give the rows the hand-written jsonb operators give', async () => {
    const cases: [object, string, ...unknown[]][] = [
      [{ path: ['language'], equals: 'en' }, `meta ->> 'language' = 'en'`],
      [{ path: ['pages'], gte: 250 }, `(meta -> 'pages')::numeric >= 250`],
      [{ path: ['pages'], in: [90, 100] }, `(meta -> 'pages')::numeric in (90, 100)`],
      [{ path: ['awards'], contains: ['hugo'] }, `meta -> 'awards' @> '["hugo"]'`],
      [{ path: ['awards', 0], equals: 'hugo' }, `meta #>> '{awards,0}' = 'hugo'`],
      [{ path: ['awards'], isNull: true }, `(meta -> 'awards') is null or meta -> 'awards' = 'null'`],
      [{ path: ['extra'], isNull: true }, `meta -> 'extra' is null or meta -> 'extra' = 'null'`],
      [{ path: ['language'], ne: 'en' }, `(meta ->> 'language') is distinct from 'en'`],
      [{ hasKey: 'awards' }, `meta ? 'awards'`],
    ]
    for (const [filter, condition] of cases) {
      expect(titles(await books.findMany({ select: ['title'], where: { meta: filter }, orderBy: { id: 'asc' } })), JSON.stringify(filter)).toEqual(await handWritten(condition))
    }
  })

  it('a number never equals a string at a path, and a document of another shape fails nothing', async () => {
    // Neither is what BookMeta declares (the types refuse both): stored documents need not match it.
    expect(await books.findMany({ where: { meta: { path: ['pages'], equals: '100' } as never } })).toEqual([])
    expect(await books.findMany({ where: { meta: { path: ['language', 'deeper'], gt: 1 } as never } })).toEqual([])
  })

  it('equality at a path is answered by the GIN index the example declares on the column', async () => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    try {
      await sql`set enable_seqscan = off`
      const [statement] = books.findMany({ select: ['id'], where: { meta: { path: ['language'], equals: 'en' } } }).toSQL()
      const plan = (await sql.unsafe(`EXPLAIN ${statement!.text}`, [...statement!.params])).map((r) => r['QUERY PLAN'] as string).join('\n')
      expect(plan).toContain('books_meta_idx')
    } finally {
      await sql.end()
    }
  })
})

describe('changes in set', () => {
  it('merge, path (creating what is missing on the way), append and remove', async () => {
    const [first] = await db.books.findMany({ orderBy: { id: 'asc' }, limit: 1 })
    const [updated] = await books.update({ where: { id: first!.id }, set: { meta: { merge: { pages: 101, awards: ['hugo'] } }, tags: { append: ['b', 'c'] } } })
    expect(updated!.meta).toEqual({ pages: 101, language: 'en', awards: ['hugo'] })
    expect(updated!.tags).toEqual(['a', 'b', 'c'])
    // Keys BookMeta does not declare (the types refuse them; the database takes any document).
    const [deeper] = await books.update({ where: { id: first!.id }, set: { meta: { path: ['editions', 'first', 'year'], value: 1969 } as never, tags: { remove: 'b' } } })
    expect((deeper!.meta as unknown as { editions: unknown }).editions).toEqual({ first: { year: 1969 } })
    expect(deeper!.tags).toEqual(['a', 'c'])
    const [typedPath] = await books.update({ where: { id: first!.id }, set: { meta: { path: ['language'], value: 'fr' } } })
    expect(typedPath!.meta).toMatchObject({ pages: 101, language: 'fr' })
  })

  it('on a NULL column, merge starts from {}', async () => {
    const nullMeta = await db.books.findOneOrThrow({ where: { meta: null } })
    const [row] = await books.update({ where: { id: nullMeta.id }, set: { meta: { merge: { pages: 1 } } } })
    expect(row!.meta).toEqual({ pages: 1 })
  })
})

describe('full-text search', () => {
  it('websearch syntax gives what websearch_to_tsquery gives', async () => {
    for (const [query, config] of [
      ['left hand -darkness', 'simple'],
      ['darkness', 'english'],
      ['"left hand"', 'english'],
      ['hand or dune', 'english'],
    ] as const) {
      const found = titles(await books.findMany({ select: ['title'], orderBy: { id: 'asc' }, where: { title: { search: { query, config } } } }))
      expect(found, query).toEqual(await handWritten(`to_tsvector($1::regconfig, title) @@ websearch_to_tsquery($1::regconfig, $2)`, config, query))
    }
    // english stems: "hands" matches "hand"; simple does not.
    expect(titles(await books.findMany({ select: ['title'], where: { title: { search: { query: 'hands', config: 'english' } } } })).length).toBe(2)
  })

  it('matches the expression index the example declares (index(sql`to_tsvector(...)`))', async () => {
    const sql = postgres(database.url, { max: 1, onnotice: () => {} })
    try {
      await sql`set enable_seqscan = off`
      const [statement] = books.findMany({ select: ['id'], where: { title: { search: { query: 'darkness', config: 'english' } } } }).toSQL()
      const plan = (await sql.unsafe(`EXPLAIN ${statement!.text}`, [...statement!.params])).map((r) => r['QUERY PLAN'] as string).join('\n')
      expect(plan).toContain('books_to_tsvector_idx')
    } finally {
      await sql.end()
    }
  })
})

/**
 * Typed SQL files end to end: a project with a schema and `.sql` files is generated
 * against the test server, and every statement runs through `db.queries` with the types,
 * values and nullability PostgreSQL and the rules give; the same SQL through `db.sql`
 * gives the same answers.
 */
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ValidationError, sql } from '../../runtime/index.js'
import { createTestDatabase, serverUrl, type TestDatabase } from '../support/database.js'
import { freePort } from '../support/ports.js'
import { TempProject } from '../support/project.js'

const schema = `
import { enumType, table, t } from 'dbridge/schema'

export const authorStatus = enumType('author_status', ['active', 'retired'])

export const authors = table('authors', {
  id: t.serial().primaryKey(),
  name: t.text(),
  bio: t.text().nullable(),
  status: t.enum(authorStatus).default('active'),
})

export const books = table('books', {
  id: t.bigserial().primaryKey(),
  authorId: t.integer().references(() => authors.id).nullable(),
  title: t.text(),
  price: t.numeric(10, 2),
  publishedAt: t.timestamptz().nullable(),
  meta: t.jsonb<{ pages: number; language?: string }>().nullable(),
  tags: t.text().array().default([]),
})

export const categories = table('categories', {
  id: t.serial().primaryKey(),
  parentId: t.integer().references(() => categories.id).nullable(),
  name: t.text(),
})
`

const reports = `-- Reports.

-- name: priceRanks :many
select b.title, b.price, rank() over (partition by b.author_id order by b.price desc, b.id) as price_rank,
       sum(b.price) over (partition by b.author_id) as author_total
from books b
order by b.author_id nulls last, price_rank;

-- name: categoryTree :many
with recursive tree as (
  select id, parent_id, name, 1 as depth, name::text as path from categories where parent_id is null
  union all
  select c.id, c.parent_id, c.name, t.depth + 1, t.path || '/' || c.name
  from categories c join tree t on c.parent_id = t.id
)
select id, parent_id, name, depth, path from tree order by path;

-- name: allNames :many
select name from authors
union all
select title from books
order by 1;

-- name: authorsLeft :many
select a.name as author, a.status, b.title, b.id as book_id from authors a left join books b on b.author_id = a.id order by a.id, b.id;

-- name: authorsRight :many
select a.name as author, b.title from authors a right join books b on b.author_id = a.id order by b.id;

-- name: authorsFull :many
select a.name as author, b.title, b.meta from authors a full join books b on b.author_id = a.id order by a.id, b.id;

-- name: latestTitle :one
select max(title) as "latest!", max(title) as maybe from books where price >= :minPrice and (:status?::author_status is null or author_id in (select id from authors where status = :status?));
`

const writes = `-- name: addBook :one
insert into books (author_id, title, price, published_at, meta, tags)
values (:authorId, :title, :price, :publishedAt?, :meta?, :tags)
returning id, title, price, published_at, meta, tags;

-- name: retire :exec
update authors set status = 'retired' where id = :id;

-- name: reprice :execrows
update books set price = price * :factor where author_id = :authorId;

-- name: bookById :one
select id, title from books where id = :id;

-- name: countBooks :one
select count(*) as n, array_agg(title order by id) as titles from books;
`

const config = `import { defineConfig } from 'dbridge/config'
export default defineConfig({ schema: ['schema/*.schema.ts'], queries: ['queries/**/*.sql'], out: 'generated' })
`

let project: TempProject
let database: TestDatabase
// eslint-disable-next-line @typescript-eslint/no-explicit-any
let db: any

beforeAll(async () => {
  project = new TempProject({ 'dbridge.config.ts': config, 'schema/library.schema.ts': schema, 'queries/reports.sql': reports, 'queries/writes.sql': writes })
  const result = project.run(['generate'], { DATABASE_URL: serverUrl() })
  expect(result.stderr).toBe('')
  expect(result.stdout).toMatch(/generated 3 tables and 12 queries into generated/)
  database = await createTestDatabase(project.read('generated/schema.sql'))
  const client = await import(pathToFileURL(project.path('generated/index.ts')).href)
  db = client.createDb({ url: database.url, max: 4 })
  await db.sql`insert into authors (name, bio, status) values ('Le Guin', null, 'active'), ('Herbert', 'Dune', 'retired'), ('Nobody', null, 'active')`
  await db.sql`insert into books (author_id, title, price, published_at, meta, tags) values
    (1, 'The Dispossessed', 15.99, '1974-05-01T00:00:00Z', '{"pages": 387}', '{sci-fi}'),
    (1, 'The Left Hand of Darkness', 12.50, null, null, '{sci-fi,classic}'),
    (2, 'Dune', 9.99, '1965-08-01T00:00:00Z', '{"pages": 412, "language": "en"}', '{}'),
    (null, 'Anonymous', 5.00, null, null, '{}')`
  await db.sql`insert into categories (parent_id, name) values (null, 'fiction'), (1, 'sci-fi'), (2, 'space opera'), (null, 'non-fiction')`
})

afterAll(async () => {
  await db?.close()
  await database?.drop()
  project?.remove()
})

/** The members of an exported interface of the generated queries module, as `name: type`. */
function interfaceOf(name: string): Record<string, string> {
  const text = project.read('generated/queries.ts')
  const body = new RegExp(`export interface ${name} \\{\\n([\\s\\S]*?)\\n\\}`).exec(text)
  if (!body) throw new Error(`no interface ${name}`)
  return Object.fromEntries(body[1]!.split('\n').map((line) => line.trim().replace(/^readonly /, '').split(/\??: /) as [string, string]))
}

/** The text of a statement without parameters, as written in its file. */
function statementText(file: string, name: string): string {
  return file.split(new RegExp(`-- name: ${name} :\\w+\\n`))[1]!.split(';')[0]!
}

/** The same statement through db.sql, keys camelCased like the typed rows. */
async function viaSql(text: string): Promise<Record<string, unknown>[]> {
  const rows = (await db.sql`${sql.raw(text)}`) as Record<string, unknown>[]
  return rows.map((row) => Object.fromEntries(Object.entries(row).map(([key, value]) => [key.replace(/!$/, '').replace(/_([a-z])/g, (_, c: string) => c.toUpperCase()), value])))
}

describe('results', () => {
  it('a window function: rank is a non-null bigint, a windowed sum a nullable numeric string; the same rows as db.sql', async () => {
    const rows = await db.queries.priceRanks()
    expect(rows[0]).toEqual({ title: 'The Dispossessed', price: '15.99', priceRank: 1n, authorTotal: '28.49' })
    expect(rows).toEqual(await viaSql(statementText(reports, 'priceRanks')))
    expect(interfaceOf('PriceRanksRow')).toEqual({ title: 'string', price: 'string', priceRank: 'bigint', authorTotal: 'string | null' })
  })

  it('a recursive CTE over a self-referencing table: columns certain in both terms are non-null', async () => {
    const rows = await db.queries.categoryTree()
    expect(rows.map((r: { path: string; depth: number }) => [r.path, r.depth])).toEqual([
      ['fiction', 1],
      ['fiction/sci-fi', 2],
      ['fiction/sci-fi/space opera', 3],
      ['non-fiction', 1],
    ])
    expect(rows[0].parentId).toBeNull()
    expect(rows).toEqual(await viaSql(statementText(reports, 'categoryTree')))
    // parent_id is nullable in the table; depth is 1 then depth + 1 (an operator: not certain); path likewise.
    expect(interfaceOf('CategoryTreeRow')).toEqual({ id: 'number', parentId: 'number | null', name: 'string', depth: 'number | null', path: 'string | null' })
  })

  it('UNION ALL: non-null where every branch is', async () => {
    const rows = await db.queries.allNames()
    expect(rows).toEqual(await viaSql(statementText(reports, 'allNames')))
    expect(rows.map((r: { name: string }) => r.name)).toEqual(['Anonymous', 'Dune', 'Herbert', 'Le Guin', 'Nobody', 'The Dispossessed', 'The Left Hand of Darkness'])
    expect(interfaceOf('AllNamesRow')).toEqual({ name: 'string' })
  })

  it('LEFT, RIGHT and FULL joins null out the side they may miss, and the rows show it', async () => {
    const left = await db.queries.authorsLeft()
    expect(left.find((r: { author: string }) => r.author === 'Nobody')).toEqual({ author: 'Nobody', status: 'active', title: null, bookId: null })
    // An enum result is the schema's enum type.
    expect(interfaceOf('AuthorsLeftRow')).toEqual({ author: 'string', status: 'AuthorStatus', title: 'string | null', bookId: 'bigint | null' })
    expect(left).toEqual(await viaSql(statementText(reports, 'authorsLeft')))
    const right = await db.queries.authorsRight()
    expect(right.find((r: { title: string }) => r.title === 'Anonymous')).toEqual({ author: null, title: 'Anonymous' })
    expect(interfaceOf('AuthorsRightRow')).toEqual({ author: 'string | null', title: 'string' })
    const full = await db.queries.authorsFull()
    expect(full).toEqual(await viaSql(statementText(reports, 'authorsFull')))
    expect(full.some((r: { author: string | null }) => r.author === null)).toBe(true)
    expect(full.some((r: { title: string | null }) => r.title === null)).toBe(true)
    expect(interfaceOf('AuthorsFullRow')).toEqual({ author: 'string | null', title: 'string | null', meta: "NonNullable<Book['meta']> | null" })
    expect(full.find((r: { title: string | null }) => r.title === 'Dune').meta).toEqual({ pages: 412, language: 'en' })
  })

  it('`!` asserts non-null; repeated and optional parameters', async () => {
    expect(await db.queries.latestTitle({ minPrice: '10' })).toEqual({ latest: 'The Left Hand of Darkness', maybe: 'The Left Hand of Darkness' })
    expect(await db.queries.latestTitle({ minPrice: '1', status: 'retired' })).toEqual({ latest: 'Dune', maybe: 'Dune' })
    expect(await db.queries.latestTitle({ minPrice: '1', status: null })).toEqual({ latest: 'The Left Hand of Darkness', maybe: 'The Left Hand of Darkness' })
    expect(interfaceOf('LatestTitleRow')).toEqual({ latest: 'string', maybe: 'string | null' })
    expect(interfaceOf('LatestTitleParams')).toEqual({ minPrice: 'string', status: 'AuthorStatus | null' })
    // One number per name, however often it appears.
    const [statement] = db.queries.latestTitle({ minPrice: '1', status: 'active' }).toSQL()
    expect(statement.params).toEqual(['1', 'active'])
    expect(statement.text.match(/\$2/g)).toHaveLength(2)
  })
})

describe('kinds and values', () => {
  it(':one inserts and returns int8, numeric, timestamptz, jsonb and array values decoded', async () => {
    const publishedAt = new Date('2001-02-03T04:05:06.789Z')
    const row = await db.queries.addBook({ authorId: 2, title: 'Children of Dune', price: '10.50', publishedAt, meta: { pages: 444 }, tags: ['sci-fi', 'sequel'] })
    expect(row).toEqual({ id: expect.any(BigInt), title: 'Children of Dune', price: '10.50', publishedAt, meta: { pages: 444 }, tags: ['sci-fi', 'sequel'] })
    expect(interfaceOf('AddBookRow')).toEqual({
      id: 'bigint',
      title: 'string',
      price: 'string',
      publishedAt: 'Date | null',
      meta: "NonNullable<Book['meta']> | null",
      tags: 'string[]',
    })
    expect(await db.queries.bookById({ id: row.id })).toEqual({ id: row.id, title: 'Children of Dune' })
    // An int8 parameter takes a safe-integer number too.
    expect(await db.queries.bookById({ id: Number(row.id) })).toEqual({ id: row.id, title: 'Children of Dune' })
    expect(await db.queries.bookById({ id: 999_999 })).toBeNull()
    await db.sql`delete from books where id = ${row.id}`
  })

  it(':exec resolves to undefined and :execrows to the number of rows', async () => {
    expect(await db.queries.retire({ id: 3 })).toBeUndefined()
    expect((await db.sql`select status from authors where id = 3`)[0].status).toBe('retired')
    expect(await db.queries.reprice({ factor: '1', authorId: 1 })).toBe(2)
    expect(await db.queries.reprice({ factor: '1', authorId: 99 })).toBe(0)
  })

  it('count(*) is a non-null bigint, an aggregate array nullable', async () => {
    const row = await db.queries.countBooks()
    expect(row.n).toBe(4n)
    expect(row.titles).toHaveLength(4)
    expect(interfaceOf('CountBooksRow')).toEqual({ n: 'bigint', titles: 'string[] | null' })
  })
})

describe('like every call', () => {
  it('runs in batch and in transactions (rolled back with them), and reports to onQuery', async () => {
    const [ranks, count] = await db.batch([db.queries.priceRanks(), db.queries.countBooks()])
    expect(ranks).toHaveLength(4)
    expect(count.n).toBe(4n)
    await expect(
      db.transaction(async (tx: typeof db) => {
        await tx.queries.addBook({ authorId: 1, title: 'Rolled back', price: '1.00', tags: [] })
        expect((await tx.queries.countBooks()).n).toBe(5n)
        throw new Error('undo')
      }),
    ).rejects.toThrow('undo')
    expect((await db.queries.countBooks()).n).toBe(4n)
    const seen: string[] = []
    const { createDb } = await import(pathToFileURL(project.path('generated/index.ts')).href)
    const watched = createDb({ url: database.url, max: 1, onQuery: (event: { sql: string }) => seen.push(event.sql) })
    try {
      await watched.queries.bookById({ id: 1 })
    } finally {
      await watched.close()
    }
    expect(seen).toEqual(['select id, title from books where id = $1'])
  })

  it('rejects bad parameters before sending, naming each, never echoing a value', async () => {
    const secret = 'S3cretValue'
    const attempts: [unknown, RegExp[]][] = [
      [undefined, [/expected an object of its parameters \(id\)/]],
      [{}, [/^id: is missing; it is required$/]],
      [{ id: null }, [/^id: is null; it is required/]],
      [{ id: undefined }, [/^id: is undefined/]],
      [{ id: secret }, [/^id: expected a bigint/]],
      [{ id: 1, extra: secret }, [/^extra: unknown parameter; bookById takes id$/]],
      [Object.defineProperty({}, 'id', { get: () => 1, enumerable: false }), [/^id: is missing; it is required$/]],
      [JSON.parse('{"id": 1, "__proto__": {"x": 1}}'), [/^__proto__: unknown parameter/]],
    ]
    for (const [params, messages] of attempts) {
      const error = await db.queries.bookById(params).then(
        () => undefined,
        (e: unknown) => e,
      )
      expect(error).toBeInstanceOf(ValidationError)
      const issues = (error as ValidationError).issues.map((i) => `${i.path}: ${i.message}`.replace(/^: /, ''))
      messages.forEach((message, i) => expect(issues[i]).toMatch(message))
      expect(String((error as Error).message) + JSON.stringify(issues)).not.toContain(secret)
    }
    // An enum parameter only takes the enum's values.
    await expect(db.queries.latestTitle({ minPrice: '1', status: 'sleeping' })).rejects.toBeInstanceOf(ValidationError)
  })
})

describe('generate', () => {
  it('fails with exit 1, file:line:column and PostgreSQL message for a typo, and writes nothing', () => {
    const broken = new TempProject({
      'dbridge.config.ts': config,
      'schema/library.schema.ts': schema,
      'queries/bad.sql': '-- name: ok :many\nselect id from authors;\n\n-- name: typo :many\nselect id,\n       nmae\nfrom authors;\n',
    })
    try {
      const result = broken.run(['generate'], { DATABASE_URL: serverUrl() })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/queries\/bad\.sql:6:8: query typo: PostgreSQL rejects it: column "nmae" does not exist/)
      expect(broken.exists('generated/index.ts')).toBe(false)
    } finally {
      broken.remove()
    }
  })

  it('reports a missing name, an unknown kind and a duplicate like schema problems', () => {
    const broken = new TempProject({
      'dbridge.config.ts': config,
      'schema/library.schema.ts': schema,
      'queries/a.sql': 'select 1;\n-- name: one :all\nselect 1;\n-- name: two :one\nselect 2 as two;\n',
      'queries/b.sql': '-- name: two :one\nselect 2 as two;\n',
    })
    try {
      const result = broken.run(['generate'], { DATABASE_URL: serverUrl() })
      expect(result.code).toBe(1)
      expect(result.stderr).toMatch(/3 problems in the queries/)
      expect(result.stderr).toMatch(/queries\/a\.sql:1:1: a statement without a `-- name:` line before it/)
      expect(result.stderr).toMatch(/queries\/a\.sql:2:1: query one: `:all` is not a kind/)
      expect(result.stderr).toMatch(/queries\/b\.sql:1:1: query two is named in queries\/a\.sql:4 too/)
    } finally {
      broken.remove()
    }
  })

  it('an unchanged run needs no database (descriptions are cached by content); a changed statement does', async () => {
    const closed = `postgres://postgres@127.0.0.1:${await freePort()}/none`
    const unchanged = project.run(['generate', '--check'], { DATABASE_URL: closed })
    expect(unchanged.stderr).toBe('')
    expect(unchanged.code).toBe(0)
    project.write('queries/writes.sql', writes.replace('select id, title from books where id = :id;', 'select id, title, price from books where id = :id;'))
    try {
      const changed = project.run(['generate'], { DATABASE_URL: closed })
      expect(changed.code).toBe(1)
      expect(changed.stderr).toMatch(/cannot connect|could not connect|ECONNREFUSED|connection refused/i)
      const regenerated = project.run(['generate'], { DATABASE_URL: serverUrl() })
      expect(regenerated.code).toBe(0)
      expect(interfaceOf('BookByIdRow')).toEqual({ id: 'bigint', title: 'string', price: 'string' })
    } finally {
      project.write('queries/writes.sql', writes)
      expect(project.run(['generate'], { DATABASE_URL: serverUrl() }).code).toBe(0)
    }
  })
})

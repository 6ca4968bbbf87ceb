/** Relations against a real PostgreSQL (fixture: test/fixtures/relations). */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db } from '../fixtures/relations/generated/index.js'
import { ForeignKeyViolationError, ValidationError, sql, type QueryEvent } from '../../runtime/index.js'
import { jsonArrayOf } from '../../runtime/compile/relations.js'
import { createTestDatabase, readSchemaSql, type TestDatabase } from '../support/database.js'

let database: TestDatabase
let db: Db
const events: QueryEvent[] = []

beforeAll(async () => {
  database = await createTestDatabase(readSchemaSql('../fixtures/relations/generated/schema.sql'))
  db = createDb({ url: database.url, max: 4, onQuery: (e) => events.push(e) })
})
afterAll(async () => {
  await db?.close()
  await database?.drop()
})

const founded = new Date('1999-01-02T03:04:05.678Z')
let ids: { acme: number; ann: number; bob: number; cid: number; p1: bigint; p2: bigint; p3: bigint; sf: number; fantasy: number; root: number; child: number; leaf: number }

beforeEach(async () => {
  await db.sql`TRUNCATE companies, users, profiles, messages, categories, posts, comments, labels, post_categories, seasons, episodes RESTART IDENTITY CASCADE`
  const acme = await db.companies.insert({ name: 'Acme', foundedAt: founded })
  const [ann, bob, cid] = await db.users.insertMany([
    { name: 'Ann', email: 'ann@example.com', role: 'writer', companyId: acme.id, avatar: new Uint8Array([1, 2]) },
    { name: 'Bob', email: 'bob@example.com', companyId: null },
    { name: 'Cid', email: 'cid@example.com', role: 'admin', companyId: acme.id },
  ])
  await db.profiles.insert({ userId: ann!.id, bio: 'Ann writes' })
  const [p1, p2, p3] = await db.posts.insertMany([
    { authorId: ann!.id, title: 'First', score: '12.50', views: 9007199254740993n, tags: ['a', 'b'], data: { words: 100 }, publishedAt: founded },
    { authorId: ann!.id, title: 'Second', score: '3.00', tags: ['b'] },
    { authorId: bob!.id, title: 'Third' },
  ])
  await db.comments.insertMany([
    { postId: p1!.id, authorId: bob!.id, body: 'c1', createdAt: new Date('2020-01-01T00:00:00Z') },
    { postId: p1!.id, authorId: cid!.id, body: 'c2', createdAt: new Date('2020-01-02T00:00:00Z') },
    { postId: p1!.id, authorId: bob!.id, body: 'c3', createdAt: new Date('2020-01-03T00:00:00Z') },
    { postId: p2!.id, authorId: cid!.id, body: 'c4', createdAt: new Date('2020-01-04T00:00:00Z') },
  ])
  const [sf, fantasy] = await db.labels.insertMany([{ name: 'sf' }, { name: 'fantasy' }])
  await db.posts.link('labels', p1!.id, [sf!.id, fantasy!.id])
  await db.posts.link('labels', p2!.id, [sf!.id])
  const root = await db.categories.insert({ name: 'root' })
  const child = await db.categories.insert({ name: 'child', parentId: root.id })
  const leaf = await db.categories.insert({ name: 'leaf', parentId: child.id })
  await db.postCategories.insertMany([
    { postId: p1!.id, categoryId: child.id, position: 2 },
    { postId: p1!.id, categoryId: leaf.id, position: 1 },
  ])
  await db.messages.insertMany([
    { senderId: ann!.id, recipientId: bob!.id, body: 'hi Bob' },
    { senderId: bob!.id, recipientId: ann!.id, body: 'hi Ann' },
    { senderId: ann!.id, recipientId: cid!.id, body: 'hi Cid' },
  ])
  await db.seasons.insertMany([
    { showName: 'Show', number: 1, title: 'S1' },
    { showName: 'Show', number: 2, title: 'S2' },
  ])
  await db.episodes.insertMany([
    { showName: 'Show', seasonNumber: 1, title: 'E1' },
    { showName: 'Show', seasonNumber: 1, title: 'E2' },
    { showName: 'Show', seasonNumber: 2, title: 'E3' },
  ])
  ids = { acme: acme.id, ann: ann!.id, bob: bob!.id, cid: cid!.id, p1: p1!.id, p2: p2!.id, p3: p3!.id, sf: sf!.id, fantasy: fantasy!.id, root: root.id, child: child.id, leaf: leaf.id }
  events.length = 0
})

describe('with: one statement per call', () => {
  it('a single relation, with exact runtime types inside the nested row', async () => {
    const post = await db.posts.findById(ids.p1, { with: { author: true } })
    expect(post!.author).toEqual({ id: ids.ann, name: 'Ann', email: 'ann@example.com', role: 'writer', companyId: ids.acme, avatar: new Uint8Array([1, 2]) })
    expect(post!.author.avatar).toBeInstanceOf(Uint8Array)
    expect(events).toHaveLength(1)
  })

  it('several relations at once, 3 levels deep, every type as at the top level', async () => {
    const posts = await db.posts.findMany({
      orderBy: { id: 'asc' },
      with: { author: { with: { company: true, profile: true } }, comments: { orderBy: [{ createdAt: 'desc' }] }, labels: { orderBy: { name: 'asc' } } },
    })
    expect(events).toHaveLength(1)
    const [first, , third] = posts
    expect(first!.author.company).toEqual({ id: ids.acme, name: 'Acme', foundedAt: founded })
    expect(first!.author.company!.foundedAt).toBeInstanceOf(Date)
    expect(first!.author.profile).toMatchObject({ bio: 'Ann writes' })
    expect(first!.comments.map((c) => c.body)).toEqual(['c3', 'c2', 'c1'])
    expect(first!.comments[0]!.createdAt).toEqual(new Date('2020-01-03T00:00:00Z'))
    expect(typeof first!.comments[0]!.id).toBe('bigint')
    expect(first!.labels.map((l) => l.name)).toEqual(['fantasy', 'sf'])
    // Missing one-relation -> null; no children -> [].
    expect(third!.author.company).toBeNull()
    expect(third!.author.profile).toBeNull()
    expect(third!.comments).toEqual([])
    expect(third!.labels).toEqual([])
  })

  it('nested rows decode bigint, numeric, arrays, jsonb, timestamps like top-level rows', async () => {
    const [user] = await db.users.findMany({ where: { id: ids.ann }, with: { posts: { orderBy: { id: 'asc' } } } })
    const top = await db.posts.findMany({ where: { authorId: ids.ann }, orderBy: { id: 'asc' } })
    expect(user!.posts).toEqual(top)
    expect(user!.posts[0]!.views).toBe(9007199254740993n)
    expect(user!.posts[0]!.score).toBe('12.50')
  })

  it('each level has its own where, orderBy, limit, offset and select', async () => {
    const users = await db.users.findMany({
      orderBy: { id: 'asc' },
      select: ['name'],
      with: {
        posts: { where: { title: { ne: 'Third' } }, orderBy: [{ id: 'desc' }], limit: 1, offset: 0, select: ['title'], with: { comments: { limit: 2, orderBy: { id: 'asc' }, select: ['body'] } } },
      },
    })
    expect(users).toEqual([
      { name: 'Ann', posts: [{ title: 'Second', comments: [{ body: 'c4' }] }] },
      { name: 'Bob', posts: [] },
      { name: 'Cid', posts: [] },
    ])
    expect(events).toHaveLength(1)
  })

  it('a where on a one relation gives null when it does not match', async () => {
    const posts = await db.posts.findMany({ orderBy: { id: 'asc' }, with: { author: { where: { role: 'writer' }, select: ['name'] } } })
    expect(posts.map((p) => p.author)).toEqual([{ name: 'Ann' }, { name: 'Ann' }, null])
  })

  it('self-reference: a category tree', async () => {
    const [root] = await db.categories.findMany({
      where: { parentId: null },
      with: { children: { with: { children: { with: { parent: { select: ['name'] } } } } } },
    })
    expect(root!.children.map((c) => c.name)).toEqual(['child'])
    expect(root!.children[0]!.children[0]).toMatchObject({ name: 'leaf', parent: { name: 'child' } })
    const leaf = await db.categories.findById(ids.leaf, { with: { parent: { with: { parent: true } } } })
    expect(leaf!.parent!.parent!.name).toBe('root')
  })

  it('two foreign keys to one table', async () => {
    const ann = await db.users.findById(ids.ann, {
      with: { sentMessages: { orderBy: { id: 'asc' }, with: { recipient: { select: ['name'] } } }, receivedMessages: { with: { sender: { select: ['name'] } } } },
    })
    expect(ann!.sentMessages.map((m) => [m.body, m.recipient.name])).toEqual([
      ['hi Bob', 'Bob'],
      ['hi Cid', 'Cid'],
    ])
    expect(ann!.receivedMessages.map((m) => [m.body, m.sender.name])).toEqual([['hi Ann', 'Bob']])
  })

  it('many-to-many, implicit and through a join table with its own columns', async () => {
    const post = await db.posts.findById(ids.p1, {
      with: {
        labels: { where: { name: 'sf' } },
        categories: { orderBy: { name: 'asc' }, select: ['name'] },
        postCategories: { orderBy: { position: 'asc' }, with: { category: { select: ['name'] } } },
      },
    })
    expect(post!.labels.map((l) => l.name)).toEqual(['sf'])
    expect(post!.categories).toEqual([{ name: 'child' }, { name: 'leaf' }])
    // The join table's own column is reachable through its relations.
    expect(post!.postCategories.map((pc) => [pc.position, pc.category.name])).toEqual([
      [1, 'leaf'],
      [2, 'child'],
    ])
    const label = await db.labels.findById(ids.sf, { with: { posts: { orderBy: { id: 'asc' }, select: ['title'] } } })
    expect(label!.posts).toEqual([{ title: 'First' }, { title: 'Second' }])
  })

  it('one-to-one both ways, and a composite foreign key', async () => {
    const profile = await db.profiles.findOne({ with: { user: { select: ['name'] } } })
    expect(profile!.user).toEqual({ name: 'Ann' })
    const episodes = await db.episodes.findMany({ orderBy: { id: 'asc' }, with: { season: { select: ['title'] } } })
    expect(episodes.map((e) => [e.title, e.season.title])).toEqual([
      ['E1', 'S1'],
      ['E2', 'S1'],
      ['E3', 'S2'],
    ])
    const seasons = await db.seasons.findMany({ orderBy: { number: 'asc' }, with: { episodes: { select: ['title'] } } })
    expect(seasons.map((s) => s.episodes.length)).toEqual([2, 1])
  })

  it('rejects unknown relations and options before sending', async () => {
    await expect(db.posts.findMany({ with: { editor: true } as never })).rejects.toThrow(/with\.editor: unknown relation of posts; expected one of/)
    await expect(db.posts.findMany({ with: { author: { limit: 1 } } as never })).rejects.toThrow(/with\.author\.limit: unknown option/)
    await expect(db.posts.findMany({ with: { comments: { where: { bdy: 'x' } } } as never })).rejects.toThrow(/with\.comments\.where\.bdy: unknown column/)
    await expect(db.posts.findMany({ with: { author: undefined } as never })).rejects.toThrow(/with\.author: is undefined/)
    expect(events).toHaveLength(0)
  })
})

describe('relation filters', () => {
  const titles = async (where: Parameters<Db['posts']['findMany']>[0] & object) =>
    (await db.posts.findMany({ ...where, orderBy: { id: 'asc' }, select: ['title'] })).map((p) => p.title)

  it('is / isNot on a one relation', async () => {
    expect(await titles({ where: { author: { is: { name: 'Bob' } } } })).toEqual(['Third'])
    expect(await titles({ where: { author: { isNot: { name: 'Bob' } } } })).toEqual(['First', 'Second'])
    expect(await titles({ where: { author: { is: { company: { is: { name: 'Acme' } } } } } })).toEqual(['First', 'Second'])
    const users = await db.users.findMany({ where: { company: { is: null } }, select: ['name'] })
    expect(users).toEqual([{ name: 'Bob' }])
    expect(await db.users.count({ where: { company: { isNot: null } } })).toBe(2)
  })

  it('some / none / every on many and many-to-many relations', async () => {
    expect(await titles({ where: { comments: { some: { body: 'c2' } } } })).toEqual(['First'])
    expect(await titles({ where: { comments: { none: {} } } })).toEqual(['Third'])
    expect(await titles({ where: { comments: { every: { author: { is: { name: 'Cid' } } } } } })).toEqual(['Second', 'Third'])
    expect(await titles({ where: { labels: { some: { name: 'fantasy' } } } })).toEqual(['First'])
    expect(await titles({ where: { labels: { none: { name: 'sf' } } } })).toEqual(['Third'])
    expect(await titles({ where: { categories: { some: { parent: { is: { name: 'root' } } } } } })).toEqual(['First'])
    expect(await titles({ where: { OR: [{ labels: { some: {} } }, { author: { is: { name: 'Bob' } } }], NOT: { title: 'Second' } } })).toEqual(['First', 'Third'])
  })

  it('are EXISTS subqueries with parameters', async () => {
    const [statement] = db.posts.findMany({ where: { comments: { some: { body: "x'" } } } }).toSQL()
    expect(statement!.text).toContain('EXISTS (SELECT 1 FROM "comments" AS t1 WHERE t1."post_id" = t0."id" AND (t1."body" = $1))')
    expect(statement!.params).toEqual(["x'"])
  })

  it('reject unknown operators and undefined', async () => {
    await expect(db.posts.findMany({ where: { author: { some: {} } } as never })).rejects.toThrow(/where\.author\.some: unknown relation filter; expected is, isNot/)
    await expect(db.posts.findMany({ where: { comments: { some: undefined } } })).rejects.toThrow(/where\.comments\.some: is undefined/)
    await expect(db.posts.findMany({ where: { comments: {} } as never })).rejects.toThrow(ValidationError)
  })
})

describe('load: relations for rows in hand', () => {
  it('one query per relation level, same rows in the same order, inputs untouched', async () => {
    const users = await db.users.findMany({ orderBy: { id: 'desc' }, select: ['id', 'name', 'companyId'] })
    const before = structuredClone(users)
    events.length = 0
    const loaded = await db.users.load(users, {
      posts: { orderBy: { id: 'asc' }, select: ['title'], with: { comments: { orderBy: { id: 'asc' }, select: ['body'] }, labels: { select: ['name'], orderBy: { name: 'asc' } } } },
      company: true,
    })
    expect(events).toHaveLength(4) // posts, comments, labels, company
    expect(events.every((e) => /unnest/.test(e.sql))).toBe(true)
    expect(users).toEqual(before)
    expect(loaded.map((u) => u.name)).toEqual(['Cid', 'Bob', 'Ann'])
    expect(loaded[2]!.posts).toEqual([
      { title: 'First', comments: [{ body: 'c1' }, { body: 'c2' }, { body: 'c3' }], labels: [{ name: 'fantasy' }, { name: 'sf' }] },
      { title: 'Second', comments: [{ body: 'c4' }], labels: [{ name: 'sf' }] },
    ])
    expect(loaded[1]!.company).toBeNull()
    expect(loaded[0]!.company!.foundedAt).toEqual(founded)
  })

  it('limits apply per parent', async () => {
    const posts = await db.posts.findMany({ orderBy: { id: 'asc' }, select: ['id'] })
    const loaded = await db.posts.load(posts, { comments: { orderBy: { id: 'desc' }, limit: 1, select: ['body'] } })
    expect(loaded.map((p) => p.comments.map((c) => c.body))).toEqual([['c3'], ['c4'], []])
  })

  it('a row without the key is an error naming what to select', async () => {
    const posts = await db.posts.findMany({ select: ['title'] })
    await expect(db.posts.load(posts as never, { comments: true })).rejects.toThrow(/rows\[0\]\.id: is missing; comments is loaded by id, so select it/)
  })

  it('an empty list sends nothing', async () => {
    expect(await db.posts.load([], { comments: true })).toEqual([])
    expect(events).toHaveLength(0)
  })
})

describe('link / unlink', () => {
  it('links idempotently and unlinks', async () => {
    expect(await db.posts.link('labels', ids.p3, [ids.sf, ids.fantasy])).toBe(2)
    expect(await db.posts.link('labels', ids.p3, [ids.sf])).toBe(0)
    expect((await db.posts.findById(ids.p3, { with: { labels: { orderBy: { name: 'asc' } } } }))!.labels.map((l) => l.name)).toEqual(['fantasy', 'sf'])
    expect(await db.posts.unlink('labels', ids.p3, [ids.sf, 999])).toBe(1)
    expect(await db.labels.count({ where: { posts: { some: { id: ids.p3 } } } })).toBe(1)
    expect(await db.categories.link('posts', ids.root, [ids.p3])).toBe(1)
    expect((await db.postCategories.findById({ postId: ids.p3, categoryId: ids.root }))!.position).toBe(0)
  })

  it('unknown ids fail with ForeignKeyViolationError and link nothing', async () => {
    await expect(db.posts.link('labels', ids.p3, [ids.sf, 999])).rejects.toBeInstanceOf(ForeignKeyViolationError)
    expect(await db.labels.count({ where: { posts: { some: { id: ids.p3 } } } })).toBe(0)
    await expect(db.posts.link('author' as never, ids.p3, [1])).rejects.toThrow(/'author' is not a many-to-many relation of posts/)
  })
})

describe('cascades', () => {
  it('deleting a user cascades through posts to comments', async () => {
    // Ann's posts hold every comment (written by Bob and Cid).
    expect(await db.users.delete({ where: { id: ids.ann } })).toBe(1)
    expect(await db.posts.count({ where: { authorId: ids.ann } })).toBe(0)
    expect(await db.comments.count()).toBe(0)
    expect(await db.profiles.count()).toBe(0)
  })

  it('restrict raises ForeignKeyViolationError and deletes nothing', async () => {
    const error = await db.users.delete({ where: { id: ids.bob } }).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(ForeignKeyViolationError)
    expect(error).toMatchObject({ constraint: 'comments_author_id_fkey' })
    expect(await db.users.count()).toBe(3)
    expect(await db.posts.count()).toBe(3)
  })

  it('set null nulls the children', async () => {
    await db.companies.delete({ where: { id: ids.acme } })
    expect((await db.users.findMany({ select: ['companyId'] })).map((u) => u.companyId)).toEqual([null, null, null])
  })

  it('a composite foreign key cascades', async () => {
    await db.seasons.delete({ where: { number: 1 } })
    expect((await db.episodes.findMany({ select: ['title'] })).map((e) => e.title)).toEqual(['E3'])
  })
})

describe('nested rows wider than a function call allows', () => {
  it('a JSON array of more than 100 values is joined from pieces, in order, with every type intact', async () => {
    const values = Array.from({ length: 230 }, (_, i) =>
      i % 5 === 0 ? `${i}::int4` : i % 5 === 1 ? `'t${i}'::text` : i % 5 === 2 ? 'NULL' : i % 5 === 3 ? `'${i}.50'::numeric::text` : `'2024-01-0${(i % 9) + 1}T00:00:00Z'::timestamptz`,
    )
    expect(jsonArrayOf(values.slice(0, 100))).toMatch(/^json_build_array\(/)
    const [{ wide }] = (await db.sql<{ wide: string }>`select ${sql.raw(jsonArrayOf(values))}::text as wide`) as [{ wide: string }]
    const [{ narrow }] = (await db.sql<{ narrow: string }>`select ${sql.raw(`json_build_array(${values.slice(0, 90).join(', ')})`)}::text as narrow`) as [{ narrow: string }]
    const parsed = JSON.parse(wide) as unknown[]
    expect(parsed).toHaveLength(230)
    expect(parsed.slice(0, 90)).toEqual(JSON.parse(narrow))
    expect(parsed[225]).toBe(225)
    expect(parsed[226]).toBe('t226')
    expect(parsed[227]).toBeNull()
    expect(parsed[228]).toBe('228.50')
    expect(new Date(parsed[229] as string).toISOString()).toBe('2024-01-05T00:00:00.000Z')
  })
})

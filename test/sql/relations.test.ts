/**
 * Relations: `with` (nested rows as JSON in one statement), relation filters (EXISTS),
 * `load` (one statement per relation and level, built while it runs) and link/unlink.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Query, Statement, TableClient, TableTypes } from 'dbridge'
import { createDatabase, defineTable, z, type ColumnSpec, type Database, type TableMeta } from 'dbridge/runtime'
import type { UserWhere } from '../fixtures/relations/generated/index.js'
import { all, bookColumns, db, expectNothingSent, expectSql, hostile, nowhere, rel } from './support.js'

afterAll(expectNothingSent)

const users = (where: UserWhere) => rel.users.findMany({ select: ['id'], where })
const fromUsers = 'SELECT t0."id" FROM "users" AS t0 WHERE'

/** Every column of a post as a nested JSON row (int8 and numeric as text, to stay exact). */
const postJson = (a: string) =>
  `json_build_array(${a}."id"::text, ${a}."author_id", ${a}."title", ${a}."score"::text, ${a}."views"::text, ${a}."tags", ${a}."data", ${a}."published_at"`
const userJson = (a: string) => `json_build_array(${a}."id", ${a}."name", ${a}."email", ${a}."role", ${a}."company_id", ${a}."avatar"`

describe('with', () => {
  it('a one relation is a subquery building a JSON array of the row', () => {
    expectSql(rel.posts.findMany({ select: ['id'], with: { author: true } }), {
      text: `SELECT t0."id", (SELECT ${userJson('t1')}) FROM "users" AS t1 WHERE t1."id" = t0."author_id") AS "author" FROM "posts" AS t0`,
      params: [],
    })
  })

  it('a nullable one relation', () => {
    expectSql(rel.users.findMany({ select: ['id'], with: { company: true } }), {
      text: [
        'SELECT t0."id", (SELECT json_build_array(t1."id", t1."name", t1."founded_at") FROM "companies" AS t1 WHERE t1."id" = t0."company_id") AS "company"',
        'FROM "users" AS t0',
      ],
      params: [],
    })
  })

  it('a one relation whose foreign key is on the other side', () => {
    expectSql(rel.users.findMany({ select: ['id'], with: { profile: true } }), {
      text: [
        'SELECT t0."id", (SELECT json_build_array(t1."id", t1."user_id", t1."bio") FROM "profiles" AS t1 WHERE t1."user_id" = t0."id") AS "profile"',
        'FROM "users" AS t0',
      ],
      params: [],
    })
  })

  it('a many relation aggregates the rows, [] when there are none', () => {
    expectSql(rel.users.findMany({ select: ['id'], with: { posts: true } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT ${postJson('t1')}) AS r FROM "posts" AS t1 WHERE t1."author_id" = t0."id") AS x) AS "posts"`,
        'FROM "users" AS t0',
      ],
      params: [],
    })
  })

  it('a many-to-many relation joins its join table', () => {
    expectSql(rel.posts.findMany({ select: ['id'], with: { labels: true } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id", t1."name") AS r`,
        'FROM "labels" AS t1 JOIN "posts_labels" AS t2 ON t2."label_id" = t1."id" WHERE t2."post_id" = t0."id") AS x) AS "labels"',
        'FROM "posts" AS t0',
      ],
      params: [],
    })
  })

  it('a many-to-many relation through a join table with columns of its own', () => {
    expectSql(rel.posts.findMany({ select: ['id'], with: { categories: true } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id", t1."name", t1."parent_id") AS r`,
        'FROM "categories" AS t1 JOIN "post_categories" AS t2 ON t2."category_id" = t1."id" WHERE t2."post_id" = t0."id") AS x) AS "categories"',
        'FROM "posts" AS t0',
      ],
      params: [],
    })
  })

  it('self-reference: parent and children of one table, each with its own alias', () => {
    expectSql(rel.categories.findMany({ select: ['id'], with: { parent: true, children: true } }), {
      text: [
        'SELECT t0."id",',
        '(SELECT json_build_array(t1."id", t1."name", t1."parent_id") FROM "categories" AS t1 WHERE t1."id" = t0."parent_id") AS "parent",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t2."id", t2."name", t2."parent_id") AS r`,
        'FROM "categories" AS t2 WHERE t2."parent_id" = t0."id") AS x) AS "children"',
        'FROM "categories" AS t0',
      ],
      params: [],
    })
  })

  it('a composite foreign key, one side', () => {
    expectSql(rel.episodes.findMany({ select: ['id'], with: { season: true } }), {
      text: [
        'SELECT t0."id", (SELECT json_build_array(t1."show_name", t1."number", t1."title") FROM "seasons" AS t1',
        'WHERE t1."show_name" = t0."show_name" AND t1."number" = t0."season_number") AS "season" FROM "episodes" AS t0',
      ],
      params: [],
    })
  })

  it('a composite foreign key, many side, ordered', () => {
    expectSql(rel.seasons.findMany({ select: ['number'], with: { episodes: { orderBy: { id: 'asc' } } } }), {
      text: [
        'SELECT t0."number",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id", t1."show_name", t1."season_number", t1."title") AS r`,
        'FROM "episodes" AS t1 WHERE t1."show_name" = t0."show_name" AND t1."season_number" = t0."number" ORDER BY t1."id" ASC) AS x) AS "episodes"',
        'FROM "seasons" AS t0',
      ],
      params: [],
    })
  })

  it('nests four levels deep: each level is an element of its parent row', () => {
    expectSql(rel.users.findMany({ select: ['id'], with: { posts: { with: { comments: { with: { author: { with: { company: true } } } } } } } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT ${postJson('t1')},`,
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t2."id"::text, t2."post_id"::text, t2."author_id", t2."body", t2."created_at",`,
        `(SELECT ${userJson('t3')},`,
        '(SELECT json_build_array(t4."id", t4."name", t4."founded_at") FROM "companies" AS t4 WHERE t4."id" = t3."company_id"))',
        'FROM "users" AS t3 WHERE t3."id" = t2."author_id")) AS r FROM "comments" AS t2 WHERE t2."post_id" = t1."id") AS x)) AS r',
        'FROM "posts" AS t1 WHERE t1."author_id" = t0."id") AS x) AS "posts"',
        'FROM "users" AS t0',
      ],
      params: [],
    })
  })

  it('a many relation filters, orders, pages and narrows (select in declaration order)', () => {
    expectSql(
      rel.users.findMany({
        select: ['id'],
        with: { posts: { where: { views: { gt: 10n } }, orderBy: [{ publishedAt: 'desc' }], limit: 5, offset: 10, select: ['title', 'id'] } },
      }),
      {
        text: [
          'SELECT t0."id",',
          `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id"::text, t1."title") AS r FROM "posts" AS t1`,
          'WHERE t1."author_id" = t0."id" AND (t1."views" > $1) ORDER BY t1."published_at" DESC LIMIT $2 OFFSET $3) AS x) AS "posts"',
          'FROM "users" AS t0',
        ],
        params: ['10', '5', '10'],
      },
    )
  })

  it('a one relation filters and narrows', () => {
    expectSql(rel.posts.findMany({ select: ['id'], with: { author: { where: { role: 'admin' }, select: ['name'] } } }), {
      text: 'SELECT t0."id", (SELECT json_build_array(t1."name") FROM "users" AS t1 WHERE t1."id" = t0."author_id" AND (t1."role" = $1)) AS "author" FROM "posts" AS t0',
      params: ['admin'],
    })
  })

  it('an empty where on a relation adds nothing', () => {
    expectSql(rel.posts.findMany({ select: ['id'], with: { author: { where: {} } } }), {
      text: `SELECT t0."id", (SELECT ${userJson('t1')}) FROM "users" AS t1 WHERE t1."id" = t0."author_id") AS "author" FROM "posts" AS t0`,
      params: [],
    })
  })

  it('a relation where that matches every row adds nothing', () => {
    expectSql(rel.users.findMany({ select: ['id'], with: { posts: { where: { id: { notIn: [] } } } } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT ${postJson('t1')}) AS r FROM "posts" AS t1 WHERE t1."author_id" = t0."id") AS x) AS "posts"`,
        'FROM "users" AS t0',
      ],
      params: [],
    })
  })

  it('a relation where may hold a relation filter', () => {
    expectSql(rel.users.findMany({ select: ['id'], with: { posts: { where: { comments: { some: { body: 'x' } } } } } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT ${postJson('t1')}) AS r FROM "posts" AS t1`,
        'WHERE t1."author_id" = t0."id" AND (EXISTS (SELECT 1 FROM "comments" AS t2 WHERE t2."post_id" = t1."id" AND (t2."body" = $1)))) AS x) AS "posts"',
        'FROM "users" AS t0',
      ],
      params: ['x'],
    })
  })

  it('two relations to one table, each paged; the outer where and limit come after them', () => {
    expectSql(
      rel.users.findMany({
        where: { name: 'x' },
        orderBy: { id: 'asc' },
        limit: 3,
        select: ['id'],
        with: { sentMessages: { limit: 2 }, receivedMessages: { limit: 2 } },
      }),
      {
        text: [
          'SELECT t0."id",',
          `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id"::text, t1."sender_id", t1."recipient_id", t1."body") AS r`,
          'FROM "messages" AS t1 WHERE t1."sender_id" = t0."id" LIMIT $1) AS x) AS "sentMessages",',
          `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t2."id"::text, t2."sender_id", t2."recipient_id", t2."body") AS r`,
          'FROM "messages" AS t2 WHERE t2."recipient_id" = t0."id" LIMIT $2) AS x) AS "receivedMessages"',
          'FROM "users" AS t0 WHERE t0."name" = $3 ORDER BY t0."id" ASC LIMIT $4',
        ],
        params: ['2', '2', 'x', '3'],
      },
    )
  })

  it('a many-to-many relation with a where and a nested one relation', () => {
    expectSql(rel.posts.findMany({ select: ['id'], with: { categories: { where: { name: 'a' }, with: { parent: true } } } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id", t1."name", t1."parent_id",`,
        '(SELECT json_build_array(t2."id", t2."name", t2."parent_id") FROM "categories" AS t2 WHERE t2."id" = t1."parent_id")) AS r',
        'FROM "categories" AS t1 JOIN "post_categories" AS t3 ON t3."category_id" = t1."id" WHERE t3."post_id" = t0."id" AND (t1."name" = $1)) AS x) AS "categories"',
        'FROM "posts" AS t0',
      ],
      params: ['a'],
    })
  })

  it('a many relation nested in a one relation', () => {
    expectSql(rel.posts.findMany({ select: ['id'], with: { author: { with: { posts: { where: { title: { contains: 'x' } } } } } } }), {
      text: [
        `SELECT t0."id", (SELECT ${userJson('t1')},`,
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT ${postJson('t2')}) AS r FROM "posts" AS t2`,
        'WHERE t2."author_id" = t1."id" AND (t2."title" LIKE $1)) AS x)) FROM "users" AS t1 WHERE t1."id" = t0."author_id") AS "author"',
        'FROM "posts" AS t0',
      ],
      params: ['%x%'],
    })
  })

  it('the README example: filter, order and page a relation, and nest a many-to-many one', () => {
    expectSql(db.authors.findMany({ with: { books: { where: { price: { lt: '20' } }, orderBy: [{ title: 'asc' }], limit: 5, with: { genres: true } } } }), {
      text: [
        'SELECT t0."id", t0."name", t0."bio", t0."email", t0."status", t0."website", t0."created_at",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id"::text, t1."isbn", t1."title", t1."author_id", t1."price"::text,`,
        't1."stock", t1."tags", t1."meta", t1."published_on", t1."cover", t1."created_at",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t2."id", t2."name") AS r`,
        'FROM "genres" AS t2 JOIN "books_genres" AS t3 ON t3."genre_id" = t2."id" WHERE t3."book_id" = t1."id") AS x)) AS r',
        'FROM "books" AS t1 WHERE t1."author_id" = t0."id" AND (t1."price" < $1) ORDER BY t1."title" ASC LIMIT $2) AS x) AS "books"',
        'FROM "authors" AS t0',
      ],
      params: ['20', '5'],
    })
  })

  it('every column type in a nested row: int8, numeric and their arrays as text', () => {
    expectSql(all.holders.findMany({ with: { sample: true } }), {
      text: [
        'SELECT t0."id", t0."sample_id", (SELECT json_build_array(t1."id"::text, t1."small", t1."int", t1."big"::text, t1."real", t1."double",',
        't1."exact"::text, t1."any_numeric"::text, t1."flag", t1."text", t1."code", t1."fixed", t1."uid", t1."day", t1."clock", t1."stamp",',
        't1."stamp_tz", t1."span", t1."doc", t1."docb", t1."bytes", t1."address", t1."ci", t1."mood", t1."ints", t1."bigs"::text[],',
        't1."numerics"::text[], t1."doubles", t1."flags", t1."texts", t1."days", t1."stamps", t1."uids", t1."blobs", t1."docs", t1."moods", t1."matrix")',
        'FROM "samples" AS t1 WHERE t1."id" = t0."sample_id") AS "sample" FROM "holders" AS t0',
      ],
      params: [],
    })
  })

  it('quotes relation and table names that are reserved words', () => {
    expectSql(hostile.user.findMany({ select: ['id'], with: { order: true } }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id", t1."user_id", t1."group") AS r FROM "order" AS t1 WHERE t1."user_id" = t0."id") AS x) AS "order"`,
        'FROM "user" AS t0',
      ],
      params: [],
    })
  })

  it('with comes before where in the parameters of findById', () => {
    expectSql(db.books.findById(3n, { with: { reviews: { where: { rating: 5 }, limit: 1 } }, select: ['id'] }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."id"::text, t1."book_id"::text, t1."customer_id", t1."rating", t1."body", t1."created_at") AS r`,
        'FROM "reviews" AS t1 WHERE t1."book_id" = t0."id" AND (t1."rating" = $1) LIMIT $2) AS x) AS "reviews"',
        'FROM "books" AS t0 WHERE t0."id" = $3',
      ],
      params: ['5', '1', '3'],
    })
  })
})

describe('with beside the other options of a read', () => {
  it('findOne narrows the row and the relation', () => {
    expectSql(rel.users.findOne({ where: { email: 'a@b.c' }, with: { profile: { select: ['bio'] } }, select: ['name'] }), {
      text: [
        'SELECT t0."name", (SELECT json_build_array(t1."bio") FROM "profiles" AS t1 WHERE t1."user_id" = t0."id") AS "profile"',
        'FROM "users" AS t0 WHERE t0."email" = $1 LIMIT $2',
      ],
      params: ['a@b.c', '1'],
    })
  })

  it('a locking read locks the rows of the table, after the relations', () => {
    expectSql(rel.posts.findMany({ select: ['id'], where: { id: 1n }, with: { labels: { select: ['name'] } }, lock: 'forUpdate' }), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t1."name") AS r`,
        'FROM "labels" AS t1 JOIN "posts_labels" AS t2 ON t2."label_id" = t1."id" WHERE t2."post_id" = t0."id") AS x) AS "labels"',
        'FROM "posts" AS t0 WHERE t0."id" = $1 FOR UPDATE',
      ],
      params: ['1'],
    })
  })
})

describe('with on rows wider than 100 columns', () => {
  // PostgreSQL functions take at most 100 arguments: a wider nested row is built from pieces.
  const wideColumns: ColumnSpec[] = [
    { key: 'id', type: 'int4' },
    { key: 'hubId', column: 'hub_id', type: 'int4' },
    ...Array.from({ length: 100 }, (_, i): ColumnSpec => ({ key: `c${i + 1}`, type: 'int4' })),
  ]
  const hubs: TableMeta = defineTable({
    name: 'hubs',
    key: 'hubs',
    columns: [{ key: 'id', type: 'int4' }],
    primaryKey: ['id'],
    uniqueKeys: [['id']],
    decode: (row) => row,
    decodeJson: (row) => row,
    relations: { wides: { kind: 'many', target: () => wides, on: [['id', 'hubId']] } },
    insertSchema: z.strictObject({}),
    patchSchema: z.strictObject({}),
  })
  const wides: TableMeta = defineTable({
    name: 'wides',
    key: 'wides',
    columns: wideColumns,
    primaryKey: ['id'],
    uniqueKeys: [['id']],
    decode: (row) => row,
    decodeJson: (row) => row,
    insertSchema: z.strictObject({}),
    patchSchema: z.strictObject({}),
  })
  interface WideDb extends Database<WideDb> {
    readonly hubs: TableClient<TableTypes>
  }
  const wideDb = createDatabase<WideDb>({ url: nowhere }, { hubs, wides })
  afterAll(() => expect(wideDb.metrics().queries).toBe(0))

  it('joins jsonb_build_array pieces of 100 values and casts the result to json', () => {
    const names = wideColumns.map((c) => `t1."${c.column ?? c.key}"`)
    expectSql(wideDb.hubs.findMany({ with: { wides: true } } as never), {
      text: [
        'SELECT t0."id",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT (jsonb_build_array(${names.slice(0, 100).join(', ')})`,
        `|| jsonb_build_array(${names.slice(100).join(', ')}))::json AS r`,
        'FROM "wides" AS t1 WHERE t1."hub_id" = t0."id") AS x) AS "wides"',
        'FROM "hubs" AS t0',
      ],
      params: [],
    })
  })
})

describe('relation filters', () => {
  it('is: the related row exists and matches', () => {
    expectSql(rel.posts.findMany({ select: ['id'], where: { author: { is: { name: 'Ann' } } } }), {
      text: 'SELECT t0."id" FROM "posts" AS t0 WHERE EXISTS (SELECT 1 FROM "users" AS t1 WHERE t1."id" = t0."author_id" AND (t1."name" = $1))',
      params: ['Ann'],
    })
  })

  it('isNot: no related row matches', () => {
    expectSql(rel.posts.findMany({ select: ['id'], where: { author: { isNot: { name: 'Ann' } } } }), {
      text: 'SELECT t0."id" FROM "posts" AS t0 WHERE NOT EXISTS (SELECT 1 FROM "users" AS t1 WHERE t1."id" = t0."author_id" AND (t1."name" = $1))',
      params: ['Ann'],
    })
  })

  it('is: null, there is no related row', () => {
    expectSql(users({ company: { is: null } }), {
      text: `${fromUsers} NOT EXISTS (SELECT 1 FROM "companies" AS t1 WHERE t1."id" = t0."company_id")`,
      params: [],
    })
  })

  it('isNot: null, there is a related row', () => {
    expectSql(users({ company: { isNot: null } }), {
      text: `${fromUsers} EXISTS (SELECT 1 FROM "companies" AS t1 WHERE t1."id" = t0."company_id")`,
      params: [],
    })
  })

  it('is: {}, there is a related row', () => {
    expectSql(users({ company: { is: {} } }), {
      text: `${fromUsers} EXISTS (SELECT 1 FROM "companies" AS t1 WHERE t1."id" = t0."company_id")`,
      params: [],
    })
  })

  it('some', () => {
    expectSql(users({ posts: { some: { title: 'a' } } }), {
      text: `${fromUsers} EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (t1."title" = $1))`,
      params: ['a'],
    })
  })

  it('none', () => {
    expectSql(users({ posts: { none: { title: 'a' } } }), {
      text: `${fromUsers} NOT EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (t1."title" = $1))`,
      params: ['a'],
    })
  })

  it('every: no related row fails the filter (a NULL result fails it)', () => {
    expectSql(users({ posts: { every: { title: 'a' } } }), {
      text: `${fromUsers} NOT EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (NOT coalesce((t1."title" = $1), false)))`,
      params: ['a'],
    })
  })

  it('some: {}, there is a related row', () => {
    expectSql(users({ posts: { some: {} } }), {
      text: `${fromUsers} EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id")`,
      params: [],
    })
  })

  it('none: {}, there is no related row', () => {
    expectSql(users({ posts: { none: {} } }), {
      text: `${fromUsers} NOT EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id")`,
      params: [],
    })
  })

  it('every: {} matches every row', () => {
    expectSql(users({ posts: { every: {} } }), { text: `${fromUsers} TRUE`, params: [] })
  })

  it('every of a filter every row meets matches every row', () => {
    expectSql(users({ posts: { every: { id: { notIn: [] } } } }), { text: `${fromUsers} TRUE`, params: [] })
  })

  it('some of a filter no row meets', () => {
    expectSql(users({ posts: { some: { id: { in: [] } } } }), {
      text: `${fromUsers} EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (FALSE))`,
      params: [],
    })
  })

  it('none of a filter no row meets', () => {
    expectSql(users({ posts: { none: { id: { in: [] } } } }), {
      text: `${fromUsers} NOT EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (FALSE))`,
      params: [],
    })
  })

  it('every of a filter no row meets: users without posts', () => {
    expectSql(users({ posts: { every: { id: { in: [] } } } }), {
      text: `${fromUsers} NOT EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (NOT coalesce((FALSE), false)))`,
      params: [],
    })
  })

  it('two filters on one relation, each with its own alias', () => {
    expectSql(users({ posts: { some: { title: 'a' }, none: { views: 0n } } }), {
      text: [
        fromUsers,
        '(EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (t1."title" = $1)))',
        'AND (NOT EXISTS (SELECT 1 FROM "posts" AS t2 WHERE t2."author_id" = t0."id" AND (t2."views" = $2)))',
      ],
      params: ['a', '0'],
    })
  })

  it('some over a many-to-many relation', () => {
    expectSql(rel.posts.findMany({ select: ['id'], where: { labels: { some: { name: 'x' } } } }), {
      text: [
        'SELECT t0."id" FROM "posts" AS t0 WHERE EXISTS (SELECT 1 FROM "labels" AS t1 JOIN "posts_labels" AS t2 ON t2."label_id" = t1."id"',
        'WHERE t2."post_id" = t0."id" AND (t1."name" = $1))',
      ],
      params: ['x'],
    })
  })

  it('every over a many-to-many relation', () => {
    expectSql(rel.posts.findMany({ select: ['id'], where: { labels: { every: { name: { in: ['x', 'y'] } } } } }), {
      text: [
        'SELECT t0."id" FROM "posts" AS t0 WHERE NOT EXISTS (SELECT 1 FROM "labels" AS t1 JOIN "posts_labels" AS t2 ON t2."label_id" = t1."id"',
        'WHERE t2."post_id" = t0."id" AND (NOT coalesce((t1."name" = ANY($1::text[])), false)))',
      ],
      params: ['{x,y}'],
    })
  })

  it('nests relation filters three levels deep', () => {
    expectSql(users({ posts: { some: { comments: { some: { author: { is: { name: 'Bo' } } } } } } }), {
      text: [
        fromUsers,
        'EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND',
        '(EXISTS (SELECT 1 FROM "comments" AS t2 WHERE t2."post_id" = t1."id" AND',
        '(EXISTS (SELECT 1 FROM "users" AS t3 WHERE t3."id" = t2."author_id" AND (t3."name" = $1))))))',
      ],
      params: ['Bo'],
    })
  })

  it('relation filters inside OR', () => {
    expectSql(users({ OR: [{ posts: { some: { title: 'a' } } }, { company: { is: { name: 'c' } } }] }), {
      text: [
        fromUsers,
        '((EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (t1."title" = $1)))',
        'OR (EXISTS (SELECT 1 FROM "companies" AS t2 WHERE t2."id" = t0."company_id" AND (t2."name" = $2))))',
      ],
      params: ['a', 'c'],
    })
  })

  it('a composite foreign key, one side', () => {
    expectSql(rel.episodes.findMany({ select: ['id'], where: { season: { is: { title: 't' } } } }), {
      text: [
        'SELECT t0."id" FROM "episodes" AS t0 WHERE EXISTS (SELECT 1 FROM "seasons" AS t1',
        'WHERE t1."show_name" = t0."show_name" AND t1."number" = t0."season_number" AND (t1."title" = $1))',
      ],
      params: ['t'],
    })
  })

  it('a composite foreign key, many side', () => {
    expectSql(rel.seasons.findMany({ select: ['number'], where: { episodes: { some: { title: 't' } } } }), {
      text: [
        'SELECT t0."number" FROM "seasons" AS t0 WHERE EXISTS (SELECT 1 FROM "episodes" AS t1',
        'WHERE t1."show_name" = t0."show_name" AND t1."season_number" = t0."number" AND (t1."title" = $1))',
      ],
      params: ['t'],
    })
  })

  it('self-reference: categories whose parent is a root', () => {
    expectSql(rel.categories.findMany({ select: ['id'], where: { parent: { is: { parent: { is: null } } } } }), {
      text: [
        'SELECT t0."id" FROM "categories" AS t0 WHERE EXISTS (SELECT 1 FROM "categories" AS t1 WHERE t1."id" = t0."parent_id" AND',
        '(NOT EXISTS (SELECT 1 FROM "categories" AS t2 WHERE t2."id" = t1."parent_id")))',
      ],
      params: [],
    })
  })

  it('a relation filter beside column filters, with a relation in with', () => {
    expectSql(rel.posts.findMany({ select: ['title'], where: { title: { startsWith: 'a' }, author: { is: { role: 'admin' } } }, with: { author: { select: ['name'] } } }), {
      text: [
        'SELECT t0."title", (SELECT json_build_array(t1."name") FROM "users" AS t1 WHERE t1."id" = t0."author_id") AS "author"',
        'FROM "posts" AS t0 WHERE (t0."title" LIKE $1) AND (EXISTS (SELECT 1 FROM "users" AS t2 WHERE t2."id" = t0."author_id" AND (t2."role" = $2)))',
      ],
      params: ['a%', 'admin'],
    })
  })

  it('count with a relation filter', () => {
    expectSql(rel.users.count({ where: { posts: { some: { views: { gt: 100n } } } } }), {
      text: 'SELECT count(*) FROM "users" AS t0 WHERE EXISTS (SELECT 1 FROM "posts" AS t1 WHERE t1."author_id" = t0."id" AND (t1."views" > $1))',
      params: ['100'],
    })
  })

  it('exists with a relation filter', () => {
    expectSql(rel.users.exists({ where: { company: { is: { name: 'x' } } } }), {
      text: 'SELECT EXISTS (SELECT 1 FROM "users" AS t0 WHERE EXISTS (SELECT 1 FROM "companies" AS t1 WHERE t1."id" = t0."company_id" AND (t1."name" = $1)))',
      params: ['x'],
    })
  })

  it('quotes reserved words in a relation filter', () => {
    expectSql(hostile.order.findMany({ select: ['group'], where: { user: { is: { select: 'x' } } }, orderBy: { group: 'asc' } }), {
      text: [
        'SELECT t0."group" FROM "order" AS t0 WHERE EXISTS (SELECT 1 FROM "user" AS t1 WHERE t1."id" = t0."user_id" AND (t1."select" = $1))',
        'ORDER BY t0."group" ASC',
      ],
      params: ['x'],
    })
  })
})

type LoadPlan = { run?: (send: (statements: readonly Statement[]) => Promise<unknown[]>) => Promise<unknown> }

/**
 * The statements a `load` sends, in order, when each one is answered with the next rows of
 * `answers` (rows as the driver gives them: arrays of text). `load` builds its statements
 * while it runs (each level needs the keys of the one before), so `toSQL()` shows none;
 * this runs its plan with a stand-in for the connection.
 */
async function loadStatements(query: Query<unknown>, answers: (string | null)[][][] = []): Promise<Statement[]> {
  expect(query.toSQL()).toEqual([])
  const sent: Statement[] = []
  const run = (query.plan as LoadPlan).run
  expect(run).toBeTypeOf('function')
  await run!(async (statements) => {
    sent.push(...statements)
    return statements.map(() => ({ rows: answers[sent.length - 1] ?? [], count: 0, columns: [] }))
  })
  return sent
}

describe('load', () => {
  it('toSQL shows no statement: they are built while it runs', () => {
    expectSql(rel.users.load([{ id: 1 }], { posts: true }))
  })

  it('a many relation: one statement for the distinct keys, through unnest and LATERAL', async () => {
    expect(await loadStatements(rel.users.load([{ id: 1 }, { id: 2 }, { id: 1 }], { posts: true }))).toEqual([
      {
        text: [
          'SELECT k.k1, x.* FROM unnest($1::int4[]) AS k(k1) CROSS JOIN LATERAL',
          '(SELECT t1."id", t1."author_id", t1."title", t1."score", t1."views", t1."tags", t1."data", t1."published_at" FROM "posts" AS t1 WHERE t1."author_id" = k.k1) AS x',
        ].join(' '),
        params: ['{1,2}'],
      },
    ])
  })

  it('no rows: no statement', async () => {
    expect(await loadStatements(rel.users.load([], { posts: true }))).toEqual([])
  })

  it('no relations: no statement', async () => {
    expect(await loadStatements(rel.users.load([{ id: 1 }], {}))).toEqual([])
  })

  it('a one relation takes one row per key; rows whose key is null are left out', async () => {
    expect(await loadStatements(rel.users.load([{ id: 1, companyId: null }, { id: 2, companyId: 3 }], { company: { select: ['name'] } }))).toEqual([
      {
        text: 'SELECT k.k1, x.* FROM unnest($1::int4[]) AS k(k1) CROSS JOIN LATERAL (SELECT t1."name" FROM "companies" AS t1 WHERE t1."id" = k.k1 LIMIT 1) AS x',
        params: ['{3}'],
      },
    ])
  })

  it('a many-to-many relation joins its join table', async () => {
    expect(await loadStatements(rel.posts.load([{ id: 5n, authorId: 1 }], { author: true, labels: true }))).toEqual([
      {
        text: [
          'SELECT k.k1, x.* FROM unnest($1::int4[]) AS k(k1) CROSS JOIN LATERAL',
          '(SELECT t1."id", t1."name", t1."email", t1."role", t1."company_id", t1."avatar" FROM "users" AS t1 WHERE t1."id" = k.k1 LIMIT 1) AS x',
        ].join(' '),
        params: ['{1}'],
      },
      {
        text: [
          'SELECT k.k1, x.* FROM unnest($1::int8[]) AS k(k1) CROSS JOIN LATERAL',
          '(SELECT t1."id", t1."name" FROM "labels" AS t1 JOIN "posts_labels" AS j ON j."label_id" = t1."id" WHERE j."post_id" = k.k1) AS x',
        ].join(' '),
        params: ['{5}'],
      },
    ])
  })

  it('a composite key unnests one array per key column', async () => {
    expect(await loadStatements(rel.seasons.load([{ showName: 's', number: 1 }, { showName: 't', number: 2 }], { episodes: true }))).toEqual([
      {
        text: [
          'SELECT k.k1, k.k2, x.* FROM unnest($1::text[], $2::int4[]) AS k(k1, k2) CROSS JOIN LATERAL',
          '(SELECT t1."id", t1."show_name", t1."season_number", t1."title" FROM "episodes" AS t1 WHERE t1."show_name" = k.k1 AND t1."season_number" = k.k2) AS x',
        ].join(' '),
        params: ['{s,t}', '{1,2}'],
      },
    ])
  })

  it('a one relation with a where', async () => {
    expect(await loadStatements(rel.users.load([{ id: 1 }], { profile: { where: { bio: 'x' } } }))).toEqual([
      {
        text: [
          'SELECT k.k1, x.* FROM unnest($1::int4[]) AS k(k1) CROSS JOIN LATERAL',
          '(SELECT t1."id", t1."user_id", t1."bio" FROM "profiles" AS t1 WHERE t1."user_id" = k.k1 AND (t1."bio" = $2) LIMIT 1) AS x',
        ].join(' '),
        params: ['{1}', 'x'],
      },
    ])
  })

  it('per-parent where, order and paging; the next level is loaded for the rows found, by the key it needs', async () => {
    const query = rel.users.load([{ id: 1 }], {
      posts: { where: { title: 'a' }, orderBy: { id: 'desc' }, limit: 2, offset: 1, select: ['title'], with: { comments: { select: ['body'] } } },
    })
    // The first statement finds post 7 of user 1 (key, then the post's id and title).
    expect(await loadStatements(query, [[['1', '7', 'T']]])).toEqual([
      {
        text: [
          'SELECT k.k1, x.* FROM unnest($1::int4[]) AS k(k1) CROSS JOIN LATERAL',
          '(SELECT t1."id", t1."title" FROM "posts" AS t1 WHERE t1."author_id" = k.k1 AND (t1."title" = $2) ORDER BY t1."id" DESC LIMIT $3 OFFSET $4) AS x',
        ].join(' '),
        params: ['{1}', 'a', '2', '1'],
      },
      {
        text: 'SELECT k.k1, x.* FROM unnest($1::int8[]) AS k(k1) CROSS JOIN LATERAL (SELECT t1."body" FROM "comments" AS t1 WHERE t1."post_id" = k.k1) AS x',
        params: ['{7}'],
      },
    ])
  })

  it('self-reference: a parent, its parent, then the children', async () => {
    const query = rel.categories.load([{ id: 1, parentId: 2 }], { parent: { with: { parent: true } }, children: true })
    // Category 2 (the parent) has parent 9.
    const parent = 'SELECT k.k1, x.* FROM unnest($1::int4[]) AS k(k1) CROSS JOIN LATERAL (SELECT t1."id", t1."name", t1."parent_id" FROM "categories" AS t1 WHERE t1."id" = k.k1 LIMIT 1) AS x'
    expect(await loadStatements(query, [[['2', '2', 'p', '9']]])).toEqual([
      { text: parent, params: ['{2}'] },
      { text: parent, params: ['{9}'] },
      {
        text: 'SELECT k.k1, x.* FROM unnest($1::int4[]) AS k(k1) CROSS JOIN LATERAL (SELECT t1."id", t1."name", t1."parent_id" FROM "categories" AS t1 WHERE t1."parent_id" = k.k1) AS x',
        params: ['{1}'],
      },
    ])
  })
})

describe('link and unlink', () => {
  it('link inserts the pairs into the join table, keeping those that exist', () => {
    expectSql(rel.posts.link('labels', 1n, [1, 2]), {
      text: 'INSERT INTO "posts_labels" ("post_id", "label_id") SELECT $1::int8, t.k FROM unnest($2::int4[]) AS t(k) ON CONFLICT DO NOTHING',
      params: ['1', '{1,2}'],
    })
  })

  it('link from the other side of the relation', () => {
    expectSql(db.genres.link('books', 1, [5n, 6n]), {
      text: 'INSERT INTO "books_genres" ("genre_id", "book_id") SELECT $1::int4, t.k FROM unnest($2::int8[]) AS t(k) ON CONFLICT DO NOTHING',
      params: ['1', '{5,6}'],
    })
  })

  it('link of no targets sends nothing', () => {
    expectSql(rel.posts.link('labels', 1n, []))
  })

  it('unlink deletes the pairs', () => {
    expectSql(db.books.unlink('genres', 5n, [1, 2, 3]), {
      text: 'DELETE FROM "books_genres" WHERE "book_id" = $1::int8 AND "genre_id" = ANY($2::int4[])',
      params: ['5', '{1,2,3}'],
    })
  })

  it('unlink of no targets sends nothing', () => {
    expectSql(rel.posts.unlink('labels', 1n, []))
  })
})

describe('a row of the example', () => {
  it('findById with every relation of books at once', () => {
    expectSql(db.books.findById(1n, { with: { author: { select: ['name'] }, genres: { select: ['name'] }, editions: { select: ['number'] } } }), {
      text: [
        `SELECT ${bookColumns},`,
        '(SELECT json_build_array(t1."name") FROM "authors" AS t1 WHERE t1."id" = t0."author_id") AS "author",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t2."name") AS r`,
        'FROM "genres" AS t2 JOIN "books_genres" AS t3 ON t3."genre_id" = t2."id" WHERE t3."book_id" = t0."id") AS x) AS "genres",',
        `(SELECT coalesce(json_agg(x.r), '[]'::json) FROM (SELECT json_build_array(t4."number") AS r FROM "editions" AS t4 WHERE t4."book_id" = t0."id") AS x) AS "editions"`,
        'FROM "books" AS t0 WHERE t0."id" = $1',
      ],
      params: ['1'],
    })
  })
})

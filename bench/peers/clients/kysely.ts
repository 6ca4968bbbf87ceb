/**
 * Kysely over a pg pool, with the table types written by hand (snake_case columns, as
 * kysely-codegen would give them). Nested rows come from the jsonArrayFrom/jsonObjectFrom
 * helpers; inside JSON, timestamps are strings and int8 are numbers, so they are converted
 * to Date and bigint like the top-level columns. Numeric inside JSON stays a JS number
 * (PostgreSQL writes it as a JSON number): the one type that differs from dbridge.
 */
import { Kysely, PostgresDialect, type ColumnType, type Generated } from 'kysely'
import { jsonArrayFrom, jsonObjectFrom } from 'kysely/helpers/postgres'
import pg from 'pg'
import type { Contender, ContenderOptions } from '../contender.js'
import { findManyArgs, nestedArgs, newPost, newPosts, postIdFor, threeLevelArgs, updateArgs, type NewPostInput } from '../dataset.js'
import { bigintTypes } from './pg-types.js'

type WithDefault<T> = ColumnType<T, T | undefined, T>

interface Database {
  users: { id: Generated<number>; name: string; email: string; balance: string; created_at: WithDefault<Date> }
  posts: {
    id: Generated<bigint>
    author_id: number
    title: string
    body: string
    views: WithDefault<bigint>
    score: WithDefault<string>
    created_at: WithDefault<Date>
  }
  comments: { id: Generated<bigint>; post_id: bigint; body: string; created_at: WithDefault<Date> }
}

function toRow(p: NewPostInput) {
  return { author_id: p.authorId, title: p.title, body: p.body, views: p.views, score: p.score }
}

interface JsonComment {
  id: number | bigint
  post_id: number | bigint
  created_at: string | Date
}

function decodeComments(comments: JsonComment[]) {
  for (const c of comments) {
    c.id = BigInt(c.id)
    c.post_id = BigInt(c.post_id)
    c.created_at = new Date(c.created_at)
  }
  return comments
}

export function createKysely({ url, max }: ContenderOptions): Contender {
  const pool = new pg.Pool({ connectionString: url, max, types: bigintTypes })
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) })

  const findById = (id: bigint) => db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst()

  const nested = async () => {
    const rows = await db
      .selectFrom('posts')
      .selectAll('posts')
      .select((eb) => [
        jsonObjectFrom(eb.selectFrom('users').selectAll('users').whereRef('users.id', '=', 'posts.author_id')).as('author'),
        jsonArrayFrom(eb.selectFrom('comments').selectAll('comments').whereRef('comments.post_id', '=', 'posts.id').orderBy('comments.id')).as(
          'comments',
        ),
      ])
      .orderBy('posts.id')
      .limit(nestedArgs.limit)
      .execute()
    return rows.map((row) => ({
      ...row,
      author: row.author && { ...row.author, created_at: new Date(row.author.created_at) },
      comments: decodeComments(row.comments),
    }))
  }

  const threeLevels = async () => {
    const rows = await db
      .selectFrom('users')
      .selectAll('users')
      .select((eb) => [
        jsonArrayFrom(
          eb
            .selectFrom('posts')
            .selectAll('posts')
            .select((eb2) => [
              jsonArrayFrom(eb2.selectFrom('comments').selectAll('comments').whereRef('comments.post_id', '=', 'posts.id').orderBy('comments.id')).as(
                'comments',
              ),
            ])
            .whereRef('posts.author_id', '=', 'users.id')
            .orderBy('posts.id'),
        ).as('posts'),
      ])
      .orderBy('users.id')
      .limit(threeLevelArgs.limit)
      .execute()
    return rows.map((user) => ({
      ...user,
      posts: user.posts.map((post) => ({
        ...post,
        id: BigInt(post.id),
        views: BigInt(post.views),
        created_at: new Date(post.created_at),
        comments: decodeComments(post.comments as JsonComment[]),
      })),
    }))
  }

  return {
    library: 'kysely',
    workloads: {
      findById: [{ name: 'kysely', run: (i) => findById(postIdFor(i)) }],
      findMany: [
        {
          name: 'kysely',
          run: () =>
            db
              .selectFrom('posts')
              .selectAll()
              .where('score', '>=', findManyArgs.minScore)
              .where('views', '>=', findManyArgs.minViews)
              .orderBy('created_at', 'desc')
              .limit(findManyArgs.limit)
              .execute(),
        },
      ],
      insertOne: [
        {
          name: 'kysely',
          run: (i) =>
            db
              .insertInto('posts')
              .values(toRow(newPost(i)))
              .returningAll()
              .executeTakeFirstOrThrow(),
        },
      ],
      insertMany: [{ name: 'kysely', run: (i) => db.insertInto('posts').values(newPosts(i).map(toRow)).returningAll().execute() }],
      update: [
        {
          name: 'kysely',
          run: (i) => {
            const { id, views } = updateArgs(i)
            return db.updateTable('posts').set({ views }).where('id', '=', id).returningAll().executeTakeFirst()
          },
        },
      ],
      nested: [{ name: 'kysely jsonArrayFrom', run: nested }],
      threeLevels: [{ name: 'kysely jsonArrayFrom', run: threeLevels }],
    },
    lookups: [{ name: 'kysely', findById }],
    close: () => db.destroy(),
  }
}

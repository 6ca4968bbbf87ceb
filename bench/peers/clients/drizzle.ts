/**
 * Drizzle ORM over postgres.js, two ways: the plain query builder and relational queries as
 * most code writes them, and the same queries built once with `.prepare(name)` and run with
 * placeholders. The distinction matters: Drizzle sends unnamed queries as unprepared
 * `unsafe()` calls, which postgres.js runs "describe first" (two round trips), and only
 * `.prepare()` makes them prepared statements. Each form has its own pool.
 */
import { and, asc, desc, eq, gte, sql } from 'drizzle-orm'
import { drizzle } from 'drizzle-orm/postgres-js'
import postgres from 'postgres'
import type { Contender, ContenderOptions } from '../contender.js'
import { findManyArgs, nestedArgs, newPost, newPosts, postIdFor, threeLevelArgs, updateArgs } from '../dataset.js'
import * as schema from './drizzle-schema.js'

const { posts, comments, users } = schema

function connect(url: string, max: number) {
  return drizzle({ client: postgres(url, { max, onnotice: () => {} }), schema })
}

export function createDrizzle({ url, max }: ContenderOptions): Contender {
  const db = connect(url, max)
  const pdb = connect(url, max)

  const findById = async (id: bigint) => (await db.select().from(posts).where(eq(posts.id, id)))[0] ?? null

  const prepared = {
    findById: pdb
      .select()
      .from(posts)
      .where(eq(posts.id, sql.placeholder('id')))
      .prepare('post_by_id'),
    findMany: pdb
      .select()
      .from(posts)
      .where(and(gte(posts.score, sql.placeholder('minScore')), gte(posts.views, sql.placeholder('minViews'))))
      .orderBy(desc(posts.createdAt))
      .limit(sql.placeholder('limit'))
      .prepare('posts_by_score'),
    insertOne: pdb
      .insert(posts)
      .values({
        authorId: sql.placeholder('authorId'),
        title: sql.placeholder('title'),
        body: sql.placeholder('body'),
        views: sql.placeholder('views'),
        score: sql.placeholder('score'),
      })
      .returning()
      .prepare('insert_post'),
    update: pdb
      .update(posts)
      .set({ views: sql`${sql.placeholder('views')}` })
      .where(eq(posts.id, sql.placeholder('id')))
      .returning()
      .prepare('update_post'),
    nested: pdb.query.posts
      .findMany({
        orderBy: [asc(posts.id)],
        limit: sql.placeholder('limit'),
        with: { author: true, comments: { orderBy: [asc(comments.id)] } },
      })
      .prepare('nested_posts'),
    threeLevels: pdb.query.users
      .findMany({
        orderBy: [asc(users.id)],
        limit: sql.placeholder('limit'),
        with: { posts: { orderBy: [asc(posts.id)], with: { comments: { orderBy: [asc(comments.id)] } } } },
      })
      .prepare('users_posts_comments'),
  }
  const findByIdPrepared = async (id: bigint) => (await prepared.findById.execute({ id }))[0] ?? null

  return {
    library: 'drizzle',
    workloads: {
      findById: [
        { name: 'drizzle', run: (i) => findById(postIdFor(i)) },
        { name: 'drizzle .prepare()', run: (i) => findByIdPrepared(postIdFor(i)) },
      ],
      findMany: [
        {
          name: 'drizzle',
          run: () =>
            db
              .select()
              .from(posts)
              .where(and(gte(posts.score, findManyArgs.minScore), gte(posts.views, findManyArgs.minViews)))
              .orderBy(desc(posts.createdAt))
              .limit(findManyArgs.limit),
        },
        { name: 'drizzle .prepare()', run: () => prepared.findMany.execute({ ...findManyArgs }) },
      ],
      insertOne: [
        { name: 'drizzle', run: async (i) => (await db.insert(posts).values(newPost(i)).returning())[0] },
        { name: 'drizzle .prepare()', run: async (i) => (await prepared.insertOne.execute({ ...newPost(i) }))[0] },
      ],
      // A statement for a varying number of rows cannot be prepared with placeholders: plain form only.
      insertMany: [{ name: 'drizzle', run: (i) => db.insert(posts).values(newPosts(i)).returning() }],
      update: [
        {
          name: 'drizzle',
          run: async (i) => {
            const { id, views } = updateArgs(i)
            return (await db.update(posts).set({ views }).where(eq(posts.id, id)).returning())[0]
          },
        },
        { name: 'drizzle .prepare()', run: async (i) => (await prepared.update.execute(updateArgs(i)))[0] },
      ],
      nested: [
        {
          name: 'drizzle relational',
          run: () =>
            db.query.posts.findMany({
              orderBy: [asc(posts.id)],
              limit: nestedArgs.limit,
              with: { author: true, comments: { orderBy: [asc(comments.id)] } },
            }),
        },
        { name: 'drizzle relational .prepare()', run: () => prepared.nested.execute({ limit: nestedArgs.limit }) },
      ],
      threeLevels: [
        {
          name: 'drizzle relational',
          run: () =>
            db.query.users.findMany({
              orderBy: [asc(users.id)],
              limit: threeLevelArgs.limit,
              with: { posts: { orderBy: [asc(posts.id)], with: { comments: { orderBy: [asc(comments.id)] } } } },
            }),
        },
        { name: 'drizzle relational .prepare()', run: () => prepared.threeLevels.execute({ limit: threeLevelArgs.limit }) },
      ],
    },
    lookups: [
      { name: 'drizzle', findById },
      { name: 'drizzle .prepare()', findById: findByIdPrepared },
    ],
    close: async () => {
      await db.$client.end()
      await pdb.$client.end()
    },
  }
}

/**
 * dbridge: the client generated from bench/peers/schema at run time (see generate.ts).
 * The generated module does not exist when the project is type-checked, so it is imported
 * by path and described by the few calls made here.
 */
import { pathToFileURL } from 'node:url'
import type { Contender, ContenderOptions } from '../contender.js'
import { findManyArgs, nestedArgs, newPost, newPosts, postIdFor, threeLevelArgs, updateArgs, type NewPostInput, type Post } from '../dataset.js'

interface Query<T> extends PromiseLike<T> {
  toSQL(): unknown
}

/** The part of the generated client this benchmark uses. */
export interface DbridgeDb {
  posts: {
    findById(id: bigint): Query<Post | null>
    findMany(args: object): Query<Post[]>
    insert(row: NewPostInput): Query<Post>
    insertMany(rows: NewPostInput[]): Query<Post[]>
    update(args: { where: { id: bigint }; set: { views: bigint } }): Query<Post[]>
  }
  users: { findMany(args: object): Query<unknown[]> }
  close(): Promise<void>
}

export interface DbridgeModule {
  createDb(options: { url: string; max: number; onQuery?: (event: { sql: string }) => void }): DbridgeDb
}

export async function loadDbridge(generatedIndex: string): Promise<DbridgeModule> {
  return (await import(pathToFileURL(generatedIndex).href)) as DbridgeModule
}

export function createDbridge(module: DbridgeModule, { url, max }: ContenderOptions): Contender {
  const db = module.createDb({ url, max })
  return {
    library: 'dbridge',
    workloads: {
      findById: [{ name: 'dbridge', run: (i) => db.posts.findById(postIdFor(i)) }],
      findMany: [
        {
          name: 'dbridge',
          run: () =>
            db.posts.findMany({
              where: { score: { gte: findManyArgs.minScore }, views: { gte: findManyArgs.minViews } },
              orderBy: [{ createdAt: 'desc' }],
              limit: findManyArgs.limit,
            }),
        },
      ],
      insertOne: [{ name: 'dbridge', run: (i) => db.posts.insert(newPost(i)) }],
      insertMany: [{ name: 'dbridge', run: (i) => db.posts.insertMany(newPosts(i)) }],
      update: [
        {
          name: 'dbridge',
          run: (i) => {
            const { id, views } = updateArgs(i)
            return db.posts.update({ where: { id }, set: { views } })
          },
        },
      ],
      nested: [
        {
          name: 'dbridge with',
          run: () =>
            db.posts.findMany({
              orderBy: [{ id: 'asc' }],
              limit: nestedArgs.limit,
              with: { author: true, comments: { orderBy: [{ id: 'asc' }] } },
            }),
        },
      ],
      threeLevels: [
        {
          name: 'dbridge with',
          run: () =>
            db.users.findMany({
              orderBy: [{ id: 'asc' }],
              limit: threeLevelArgs.limit,
              with: { posts: { orderBy: [{ id: 'asc' }], with: { comments: { orderBy: [{ id: 'asc' }] } } } },
            }),
        },
      ],
    },
    lookups: [{ name: 'dbridge', findById: (id) => db.posts.findById(id) }],
    close: () => db.close(),
  }
}

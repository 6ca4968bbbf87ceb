/**
 * The baseline: hand-written SQL through postgres.js tagged templates (each one prepared
 * once per connection). int8 comes back as bigint (postgres.BigInt), numeric as a string,
 * timestamptz as a Date: the runtime types dbridge returns.
 */
import postgres from 'postgres'
import type { Contender, ContenderOptions } from '../contender.js'
import { findManyArgs, nestedArgs, newPost, newPosts, postIdFor, threeLevelArgs, updateArgs, type Post } from '../dataset.js'
import { decodeAuthor, decodeComments, decodePost, type JsonComment, type JsonPost } from './json-rows.js'

export async function createPostgresJs({ url, max }: ContenderOptions): Promise<Contender> {
  const sql = postgres(url, { max, onnotice: () => {}, types: { bigint: postgres.BigInt } })
  const postColumns = sql.unsafe('id, author_id as "authorId", title, body, views, score, created_at as "createdAt"')
  const userColumns = sql.unsafe('id, name, email, balance, created_at as "createdAt"')
  const commentColumns = sql.unsafe('id, post_id as "postId", body, created_at as "createdAt"')

  const findById = async (id: bigint) => (await sql<Post[]>`select ${postColumns} from posts where id = ${id}`)[0] ?? null

  const insertManyValues = (i: number) =>
    sql<Post[]>`insert into posts ${sql(
      newPosts(i).map((p) => ({ author_id: p.authorId, title: p.title, body: p.body, views: p.views, score: p.score })),
    )} returning ${postColumns}`

  /** One array per column (int8 as decimal strings): one statement text whatever the row count. */
  const insertManyUnnest = (i: number) => {
    const rows = newPosts(i)
    return sql<Post[]>`insert into posts (author_id, title, body, views, score)
      select * from unnest(${rows.map((r) => r.authorId)}::int4[], ${rows.map((r) => r.title)}::text[],
        ${rows.map((r) => r.body)}::text[], ${rows.map((r) => r.views.toString())}::int8[], ${rows.map((r) => r.score)}::numeric[])
      returning ${postColumns}`
  }

  /** The best single statement by hand: to_json for the author, json_agg for the comments, int8 and numeric as text inside JSON. */
  const nested = async () => {
    const rows = await sql<(Post & { author: { createdAt: string | Date }; comments: JsonComment[] })[]>`
      select p.id, p.author_id as "authorId", p.title, p.body, p.views, p.score, p.created_at as "createdAt",
        (select to_json(u) from (select u.id, u.name, u.email, u.balance::text as balance, u.created_at as "createdAt"
           from users u where u.id = p.author_id) u) as author,
        (select coalesce(json_agg(c), '[]') from (select c.id::text as id, c.post_id::text as "postId", c.body, c.created_at as "createdAt"
           from comments c where c.post_id = p.id order by c.id) c) as comments
      from posts p order by p.id limit ${nestedArgs.limit}`
    for (const row of rows) {
      decodeAuthor(row.author)
      decodeComments(row.comments)
    }
    return rows
  }

  /** The naive loop: the posts, then the author and the comments of each post (201 queries). */
  const nPlusOne = async () => {
    const posts = await sql<
      (Post & { author?: unknown; comments?: unknown })[]
    >`select ${postColumns} from posts order by id limit ${nestedArgs.limit}`
    for (const post of posts) {
      post.author = (await sql`select ${userColumns} from users where id = ${post.authorId}`)[0]
      post.comments = await sql`select ${commentColumns} from comments where post_id = ${post.id} order by id`
    }
    return posts
  }

  const threeLevels = async () => {
    const rows = await sql<{ id: number; posts: JsonPost[] }[]>`
      select u.id, u.name, u.email, u.balance, u.created_at as "createdAt",
        (select coalesce(json_agg(p), '[]') from (
           select p.id::text as id, p.author_id as "authorId", p.title, p.body, p.views::text as views, p.score::text as score,
             p.created_at as "createdAt",
             (select coalesce(json_agg(c), '[]') from (select c.id::text as id, c.post_id::text as "postId", c.body, c.created_at as "createdAt"
                from comments c where c.post_id = p.id order by c.id) c) as comments
           from posts p where p.author_id = u.id order by p.id) p) as posts
      from users u order by u.id limit ${threeLevelArgs.limit}`
    for (const row of rows) row.posts.forEach(decodePost)
    return rows
  }

  return {
    library: 'postgres.js',
    workloads: {
      findById: [{ name: 'postgres.js', baseline: true, run: (i) => findById(postIdFor(i)) }],
      findMany: [
        {
          name: 'postgres.js',
          baseline: true,
          run: () => sql<Post[]>`select ${postColumns} from posts where score >= ${findManyArgs.minScore} and views >= ${findManyArgs.minViews}
            order by created_at desc limit ${findManyArgs.limit}`,
        },
      ],
      insertOne: [
        {
          name: 'postgres.js',
          baseline: true,
          run: async (i) => {
            const p = newPost(i)
            const [row] = await sql<Post[]>`insert into posts (author_id, title, body, views, score)
              values (${p.authorId}, ${p.title}, ${p.body}, ${p.views}, ${p.score}) returning ${postColumns}`
            return row
          },
        },
      ],
      insertMany: [
        { name: 'postgres.js sql(rows)', baseline: true, run: insertManyValues },
        { name: 'postgres.js unnest', baseline: true, run: insertManyUnnest },
      ],
      update: [
        {
          name: 'postgres.js',
          baseline: true,
          run: async (i) => {
            const { id, views } = updateArgs(i)
            return (await sql<Post[]>`update posts set views = ${views} where id = ${id} returning ${postColumns}`)[0]
          },
        },
      ],
      nested: [
        { name: 'postgres.js, one hand-written statement', baseline: true, run: nested },
        { name: 'postgres.js N+1 loop (201 queries)', run: nPlusOne },
      ],
      threeLevels: [{ name: 'postgres.js, one hand-written statement', baseline: true, run: threeLevels }],
    },
    lookups: [{ name: 'postgres.js', baseline: true, findById }],
    close: () => sql.end(),
  }
}

/**
 * node-postgres with hand-written SQL through a pool: `pool.query(text, values)`, which
 * sends Parse/Bind/Execute in one round trip (an unnamed statement, parsed every time).
 * Bulk insert uses unnest with one array per column, the usual way with pg; the nested
 * workloads use the same hand-written JSON statements as the postgres.js baseline.
 */
import pg from 'pg'
import type { Contender, ContenderOptions } from '../contender.js'
import { findManyArgs, nestedArgs, newPost, newPosts, postIdFor, threeLevelArgs, updateArgs } from '../dataset.js'
import { decodeAuthor, decodeComments, decodePost, type JsonComment, type JsonPost } from './json-rows.js'
import { bigintTypes } from './pg-types.js'

const postColumns = 'id, author_id as "authorId", title, body, views, score, created_at as "createdAt"'

const nestedSql = `
  select p.id, p.author_id as "authorId", p.title, p.body, p.views, p.score, p.created_at as "createdAt",
    (select to_json(u) from (select u.id, u.name, u.email, u.balance::text as balance, u.created_at as "createdAt"
       from users u where u.id = p.author_id) u) as author,
    (select coalesce(json_agg(c), '[]') from (select c.id::text as id, c.post_id::text as "postId", c.body, c.created_at as "createdAt"
       from comments c where c.post_id = p.id order by c.id) c) as comments
  from posts p order by p.id limit $1`

const threeLevelSql = `
  select u.id, u.name, u.email, u.balance, u.created_at as "createdAt",
    (select coalesce(json_agg(p), '[]') from (
       select p.id::text as id, p.author_id as "authorId", p.title, p.body, p.views::text as views, p.score::text as score,
         p.created_at as "createdAt",
         (select coalesce(json_agg(c), '[]') from (select c.id::text as id, c.post_id::text as "postId", c.body, c.created_at as "createdAt"
            from comments c where c.post_id = p.id order by c.id) c) as comments
       from posts p where p.author_id = u.id order by p.id) p) as posts
  from users u order by u.id limit $1`

export function createPg({ url, max }: ContenderOptions): Contender {
  const pool = new pg.Pool({ connectionString: url, max, types: bigintTypes })

  const findById = async (id: bigint) => (await pool.query(`select ${postColumns} from posts where id = $1`, [id])).rows[0] ?? null

  return {
    library: 'pg',
    workloads: {
      findById: [{ name: 'pg', run: (i) => findById(postIdFor(i)) }],
      findMany: [
        {
          name: 'pg',
          run: async () =>
            (
              await pool.query(`select ${postColumns} from posts where score >= $1 and views >= $2 order by created_at desc limit $3`, [
                findManyArgs.minScore,
                findManyArgs.minViews,
                findManyArgs.limit,
              ])
            ).rows,
        },
      ],
      insertOne: [
        {
          name: 'pg',
          run: async (i) => {
            const p = newPost(i)
            const result = await pool.query(
              `insert into posts (author_id, title, body, views, score) values ($1, $2, $3, $4, $5) returning ${postColumns}`,
              [p.authorId, p.title, p.body, p.views, p.score],
            )
            return result.rows[0]
          },
        },
      ],
      insertMany: [
        {
          name: 'pg unnest',
          run: async (i) => {
            const rows = newPosts(i)
            const result = await pool.query(
              `insert into posts (author_id, title, body, views, score)
               select * from unnest($1::int4[], $2::text[], $3::text[], $4::int8[], $5::numeric[]) returning ${postColumns}`,
              [rows.map((r) => r.authorId), rows.map((r) => r.title), rows.map((r) => r.body), rows.map((r) => r.views), rows.map((r) => r.score)],
            )
            return result.rows
          },
        },
      ],
      update: [
        {
          name: 'pg',
          run: async (i) => {
            const { id, views } = updateArgs(i)
            return (await pool.query(`update posts set views = $1 where id = $2 returning ${postColumns}`, [views, id])).rows[0]
          },
        },
      ],
      nested: [
        {
          name: 'pg, one hand-written statement',
          run: async () => {
            const { rows } = await pool.query<{ author: { createdAt: string | Date }; comments: JsonComment[] }>(nestedSql, [nestedArgs.limit])
            for (const row of rows) {
              decodeAuthor(row.author)
              decodeComments(row.comments)
            }
            return rows
          },
        },
      ],
      threeLevels: [
        {
          name: 'pg, one hand-written statement',
          run: async () => {
            const { rows } = await pool.query<{ posts: JsonPost[] }>(threeLevelSql, [threeLevelArgs.limit])
            for (const row of rows) row.posts.forEach(decodePost)
            return rows
          },
        },
      ],
    },
    lookups: [{ name: 'pg', findById }],
    close: () => pool.end(),
  }
}

/**
 * The one dataset every client reads and writes: 1,000 users, 10,000 posts (10 per user),
 * 50,000 comments (5 per post), seeded by generate_series so every run has the same rows.
 * Also the inputs of each workload, derived from the cycle number alone, so every client
 * gets the same arguments in the same cycle.
 */

export const USERS = 1_000
export const POSTS = 10_000
export const COMMENTS = 50_000

/** Seeds the tables created from the dbridge schema's DDL; ids are explicit, then the sequences follow. */
export const seedSql = `
insert into users (id, name, email, balance, created_at)
select i, 'User ' || i, 'user' || i || '@example.com', ((i * 7919) % 1000000) / 100.0,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 hour'
from generate_series(1, ${USERS}) as i;

insert into posts (id, author_id, title, body, views, score, created_at)
select i, (i - 1) % ${USERS} + 1, 'Post ' || i, repeat('Lorem ipsum dolor sit amet. ', 1 + i % 8),
       (i * 104729) % 1000000, ((i * 31) % 10000) / 100.0,
       timestamptz '2024-01-01 00:00:00+00' + i * interval '1 minute'
from generate_series(1, ${POSTS}) as i;

insert into comments (id, post_id, body, created_at)
select i, (i - 1) % ${POSTS} + 1, 'Comment ' || i || ': ' || repeat('nice ', 1 + i % 5),
       timestamptz '2024-01-02 00:00:00+00' + i * interval '1 second'
from generate_series(1, ${COMMENTS}) as i;

select setval(pg_get_serial_sequence('users', 'id'), ${USERS});
select setval(pg_get_serial_sequence('posts', 'id'), ${POSTS});
select setval(pg_get_serial_sequence('comments', 'id'), ${COMMENTS});
analyze;
`

/** A seeded post id, spread over the table (7919 is prime, so cycles visit every post). */
export function postIdFor(i: number): bigint {
  return BigInt(((i * 7919) % POSTS) + 1)
}

/** findMany: posts with score >= 25 and views >= 100,000, newest first, 100 of them (about 2 in 3 rows pass). */
export const findManyArgs = { minScore: '25', minViews: 100_000n, limit: 100 } as const

/** Nested: the first 100 posts by id, each with its author and its 5 comments by id. */
export const nestedArgs = { limit: 100 } as const

/** Three levels: the first 20 users, their 10 posts each, each post's 5 comments, all by id. */
export const threeLevelArgs = { limit: 20 } as const

/** A post as the clients that return exact types give it back (dbridge, postgres.js by hand). */
export interface Post {
  id: bigint
  authorId: number
  title: string
  body: string
  views: bigint
  score: string
  createdAt: Date
}

/** A post to insert, in the camelCase shape most clients take. */
export interface NewPostInput {
  authorId: number
  title: string
  body: string
  views: bigint
  score: string
}

export function newPost(i: number, n = 0): NewPostInput {
  return {
    authorId: ((i + n) % USERS) + 1,
    title: `New post ${i}.${n}`,
    body: 'Written during the benchmark.',
    views: BigInt(i * 10 + n),
    score: '12.50',
  }
}

/** Rows per insertMany call; the quick smoke run lowers it to keep CI short. */
export const insertMany = { rows: 1_000 }

export function newPosts(i: number): NewPostInput[] {
  return Array.from({ length: insertMany.rows }, (_, n) => newPost(i, n))
}

/** update by id: the post of cycle i gets views = i. */
export function updateArgs(i: number): { id: bigint; views: bigint } {
  return { id: postIdFor(i), views: BigInt(i) }
}

/**
 * The benchmark's tables as dbridge schema: an int4 serial, two bigserials, text, numeric
 * and timestamptz columns, so every client pays for the same type conversions. Foreign keys
 * are indexed, and posts.created_at too (the findMany workload orders by it).
 */
import { table, t, index } from 'dbridge/schema'

export const users = table('users', {
  id: t.serial().primaryKey(),
  name: t.text(),
  email: t.text().unique(),
  balance: t.numeric(12, 2),
  createdAt: t.timestamptz().defaultNow(),
})

export const posts = table(
  'posts',
  {
    id: t.bigserial().primaryKey(),
    authorId: t.integer().references(() => users.id, { onDelete: 'cascade' }),
    title: t.text(),
    body: t.text(),
    views: t.bigint().default(0n),
    score: t.numeric(8, 2).default('0'),
    createdAt: t.timestamptz().defaultNow(),
  },
  (p) => [index(p.authorId), index(p.createdAt)],
)

export const comments = table(
  'comments',
  {
    id: t.bigserial().primaryKey(),
    postId: t.bigint().references(() => posts.id, { onDelete: 'cascade' }),
    body: t.text(),
    createdAt: t.timestamptz().defaultNow(),
  },
  (c) => [index(c.postId)],
)

/** The benchmark tables as a Drizzle schema, with the relations its relational queries need. */
import { relations } from 'drizzle-orm'
import { bigint, bigserial, index, integer, numeric, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core'

export const users = pgTable('users', {
  id: serial('id').primaryKey(),
  name: text('name').notNull(),
  email: text('email').notNull().unique(),
  balance: numeric('balance', { precision: 12, scale: 2 }).notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
})

export const posts = pgTable(
  'posts',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    authorId: integer('author_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    title: text('title').notNull(),
    body: text('body').notNull(),
    views: bigint('views', { mode: 'bigint' }).notNull().default(0n),
    score: numeric('score', { precision: 8, scale: 2 }).notNull().default('0'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (p) => [index('posts_author_id_idx').on(p.authorId), index('posts_created_at_idx').on(p.createdAt)],
)

export const comments = pgTable(
  'comments',
  {
    id: bigserial('id', { mode: 'bigint' }).primaryKey(),
    postId: bigint('post_id', { mode: 'bigint' })
      .notNull()
      .references(() => posts.id, { onDelete: 'cascade' }),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (c) => [index('comments_post_id_idx').on(c.postId)],
)

export const usersRelations = relations(users, ({ many }) => ({ posts: many(posts) }))

export const postsRelations = relations(posts, ({ one, many }) => ({
  author: one(users, { fields: [posts.authorId], references: [users.id] }),
  comments: many(comments),
}))

export const commentsRelations = relations(comments, ({ one }) => ({
  post: one(posts, { fields: [comments.postId], references: [posts.id] }),
}))

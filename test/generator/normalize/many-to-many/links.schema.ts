import { table, t, manyToMany, primaryKey } from 'dbridge/schema'

export const posts = table('posts', { id: t.bigserial().primaryKey(), title: t.text() })
export const tags = table('tags', { id: t.serial().primaryKey(), name: t.text().unique() })
export const categories = table('categories', { id: t.uuid().primaryKey().defaultRandom(), name: t.text() })
export const people = table('people', { id: t.serial().primaryKey() })

/** Implicit join table posts_tags(post_id, tag_id). */
export const postsTags = manyToMany(posts, tags)

/** Implicit, with its own table name and relation names. */
export const followers = manyToMany(people, posts, { tableName: 'post_followers', name: 'followedPosts', inverse: 'followers' })

/** An explicit join table with a column of its own. */
export const postCategories = table('post_categories', {
  postId: t.bigint().references(() => posts.id, { onDelete: 'cascade' }),
  categoryId: t.uuid().references(() => categories.id, { onDelete: 'cascade' }),
  position: t.integer().default(0),
}, (pc) => [primaryKey(pc.postId, pc.categoryId)])

export const postsCategories = manyToMany(posts, categories, { through: postCategories })

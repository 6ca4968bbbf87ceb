import { table, t, manyToMany, primaryKey } from 'dbridge/schema'

export const posts = table('posts', { id: t.bigserial().primaryKey(), title: t.text() })
export const tags = table('tags', { id: t.serial().primaryKey(), name: t.text().unique() })
export const categories = table('categories', { id: t.serial().primaryKey(), name: t.text() })

/** Implicit join table posts_tags. */
export const postsTags = manyToMany(posts, tags)

/** An explicit join table with a column of its own. */
export const postCategories = table('post_categories', {
  postId: t.bigint().references(() => posts.id, { onDelete: 'cascade' }),
  categoryId: t.integer().references(() => categories.id, { onDelete: 'cascade' }),
  position: t.integer().default(0),
}, (pc) => [primaryKey(pc.postId, pc.categoryId)])

export const postsCategories = manyToMany(posts, categories, { through: postCategories })

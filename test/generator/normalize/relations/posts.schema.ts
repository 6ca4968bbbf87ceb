import { table, t } from 'dbridge/schema'
import { users, categories } from './people.schema'

export const posts = table('posts', {
  id: t.bigserial().primaryKey(),
  authorId: t.integer().references(() => users.id, { onDelete: 'cascade', onUpdate: 'cascade' }),
  editorId: t.integer().nullable().references(() => users.id, { name: 'editor', inverse: 'editedPosts', constraintName: 'posts_editor_fk' }),
  categoryId: t.integer().references(() => categories.id, { onDelete: 'restrict' }),
})

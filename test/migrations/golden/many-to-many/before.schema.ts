import { table, t } from 'dbridge/schema'

export const posts = table('posts', { id: t.bigserial().primaryKey(), title: t.text() })
export const tags = table('tags', { id: t.serial().primaryKey(), name: t.text().unique() })
export const categories = table('categories', { id: t.serial().primaryKey(), name: t.text() })

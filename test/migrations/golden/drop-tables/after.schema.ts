import { table, t } from 'dbridge/schema'

export const authors = table('authors', { id: t.serial().primaryKey(), name: t.text() })

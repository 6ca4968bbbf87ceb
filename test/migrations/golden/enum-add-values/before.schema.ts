import { table, t, enumType } from 'dbridge/schema'

export const status = enumType('author_status', ['active', 'retired'])
export const mood = enumType('mood', ['ok'])

export const authors = table('authors', {
  id: t.serial().primaryKey(),
  status: t.enum(status).default('active'),
  mood: t.enum(mood).nullable(),
})

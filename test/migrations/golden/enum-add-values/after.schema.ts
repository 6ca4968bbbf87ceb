import { table, t, enumType } from 'dbridge/schema'

export const status = enumType('author_status', ['new', 'active', 'on_leave', 'retired', 'banned', 'gone'])
export const mood = enumType('mood', ['happy', 'ok'])

export const authors = table('authors', {
  id: t.serial().primaryKey(),
  status: t.enum(status).default('active'),
  mood: t.enum(mood).nullable(),
})

import { table, t } from 'dbridge/schema'

export const people = table('people', {
  id: t.serial().primaryKey(),
  name: t.text().nullable(),
  nickname: t.text(),
  age: t.integer().nullable(),
})

import { table, t } from 'dbridge/schema'

export const people = table('people', {
  id: t.serial().primaryKey(),
  name: t.text(),
  nickname: t.text().nullable(),
  age: t.bigint(),
})

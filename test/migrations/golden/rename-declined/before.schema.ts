import { table, t } from 'dbridge/schema'

export const people = table('people', {
  id: t.serial().primaryKey(),
  fullName: t.text(),
  age: t.integer(),
})

export const tags = table('tags', {
  id: t.serial().primaryKey(),
  label: t.text(),
})

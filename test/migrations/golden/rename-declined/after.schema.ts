import { table, t } from 'dbridge/schema'

export const people = table('people', {
  id: t.serial().primaryKey(),
  displayName: t.text(),
  age: t.bigint(),
})

export const labels = table('labels', {
  id: t.serial().primaryKey(),
  label: t.text(),
})

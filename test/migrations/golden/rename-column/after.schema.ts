import { table, t, index } from 'dbridge/schema'

export const people = table('people', {
  id: t.serial().primaryKey(),
  displayName: t.text().unique(),
  age: t.integer(),
}, (p) => [index(p.displayName, p.age)])

import { table, t, index } from 'dbridge/schema'

export const people = table('people', {
  id: t.serial().primaryKey(),
  fullName: t.text().unique(),
  age: t.integer(),
}, (p) => [index(p.fullName, p.age)])

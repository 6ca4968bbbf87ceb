import { table, t, index } from 'dbridge/schema'

export const people = table('people', {
  id: t.serial().primaryKey(),
  fullName: t.text().unique(),
  age: t.integer(),
}, (p) => [index(p.age)])

export const pets = table('pets', {
  id: t.serial().primaryKey(),
  ownerId: t.integer().references(() => people.id),
}, (p) => [index(p.ownerId)])

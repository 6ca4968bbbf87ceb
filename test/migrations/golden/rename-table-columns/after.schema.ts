import { table, t, index } from 'dbridge/schema'

/** people renamed to persons (renames.txt), with a column that may be a rename: the diff asks about it. */
export const persons = table('persons', {
  id: t.serial().primaryKey(),
  displayName: t.text().unique(),
  age: t.integer(),
}, (p) => [index(p.age)])

export const pets = table('pets', {
  id: t.serial().primaryKey(),
  ownerId: t.integer().references(() => persons.id),
}, (p) => [index(p.ownerId)])

import { table, t, sql } from 'dbridge/schema'

export const tasks = table('tasks', {
  id: t.serial().primaryKey(),
  title: t.text(),
  priority: t.integer().default(1),
  done: t.boolean().default(false),
  createdAt: t.timestamptz(),
  due: t.date().default(sql`current_date + 7`),
  note: t.text().nullable(),
})

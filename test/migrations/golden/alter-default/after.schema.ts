import { table, t } from 'dbridge/schema'

export const tasks = table('tasks', {
  id: t.serial().primaryKey(),
  title: t.text().default('untitled'),
  priority: t.integer().default(3),
  done: t.boolean(),
  createdAt: t.timestamptz().defaultNow(),
  due: t.date(),
  note: t.text().nullable().default(null),
})

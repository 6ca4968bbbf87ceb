import { table, t } from 'dbridge/schema'

export const categories = table('categories', {
  id: t.serial().primaryKey(),
  name: t.text(),
})

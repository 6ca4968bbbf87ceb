import { table, t } from 'dbridge/schema'

export const tickets = table('tickets', {
  id: t.serial().primaryKey(),
  number: t.bigserial(),
  note: t.text(),
})

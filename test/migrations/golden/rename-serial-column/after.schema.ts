import { table, t } from 'dbridge/schema'

/** A renamed serial column takes its sequence along (introspection knows it by its name). */
export const tickets = table('tickets', {
  id: t.serial().primaryKey(),
  position: t.bigserial(),
  note: t.text(),
})

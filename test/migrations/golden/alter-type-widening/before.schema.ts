import { table, t } from 'dbridge/schema'

export const measures = table('measures', {
  id: t.serial().primaryKey(),
  small: t.smallint(),
  count: t.integer().default(0),
  ratio: t.real(),
  code: t.varchar(50),
  label: t.varchar(20),
  amount: t.numeric(10, 2),
  total: t.integer(),
  payload: t.json(),
  email: t.text(),
  ids: t.integer().array(),
})

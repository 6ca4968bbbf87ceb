import { table, t } from 'dbridge/schema'

export const measures = table('measures', {
  id: t.serial().primaryKey(),
  count: t.integer().default(0),
  ratio: t.real(),
  label: t.varchar(20),
  code: t.varchar(50),
  amount: t.numeric(10, 2),
  price: t.numeric(10, 1).default('1.5'),
  quantity: t.integer(),
  ids: t.integer(),
  flag: t.text().default('no'),
})

import { table, t } from 'dbridge/schema'

export const measures = table('measures', {
  id: t.bigserial().primaryKey(),
  count: t.bigint().default(0n),
  ratio: t.doublePrecision(),
  label: t.text(),
  code: t.varchar(100),
  amount: t.numeric(12, 2),
  price: t.numeric(10, 2).default('1.50'),
  quantity: t.text(),
  ids: t.integer().array(),
  flag: t.boolean().default(false),
})

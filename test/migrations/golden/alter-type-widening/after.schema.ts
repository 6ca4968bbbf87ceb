import { table, t } from 'dbridge/schema'

export const measures = table('measures', {
  id: t.bigserial().primaryKey(),
  small: t.integer(),
  count: t.bigint().default(0n),
  ratio: t.doublePrecision(),
  code: t.varchar(100),
  label: t.text(),
  amount: t.numeric(12, 2),
  total: t.numeric(),
  payload: t.jsonb(),
  email: t.citext(),
  ids: t.bigint().array(),
})

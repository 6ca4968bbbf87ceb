import { table, t } from 'dbridge/schema'

export const counters = table('counters', { id: t.integer().primaryKey(), value: t.integer() })

import { table, t } from 'dbridge/schema'

export const counters = table('counters', { id: t.serial().primaryKey(), value: t.integer() })

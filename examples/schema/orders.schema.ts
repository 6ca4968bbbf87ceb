import { table, t, enumType, index, primaryKey } from 'dbridge/schema'
import { books } from './books.schema.ts'
import type { ShippingAddress } from './types.js'

export const orderStatus = enumType('order_status', ['pending', 'paid', 'shipped', 'cancelled'])

export const customers = table('customers', {
  id: t.uuid().primaryKey().defaultRandom(),
  email: t.citext().unique(),
  name: t.text(),
  loyaltyPoints: t.bigint().default(0n),
  region1Code: t.char(2).nullable(),
  joinedAt: t.timestamp().defaultNow(),
})

export const orders = table(
  'orders',
  {
    id: t.bigserial().primaryKey(),
    customerId: t.uuid().references(() => customers.id, { onDelete: 'restrict' }),
    status: t.enum(orderStatus).default('pending'),
    statusHistory: t.enum(orderStatus).array().default([]),
    total: t.numeric(12, 2),
    shipTo: t.jsonb<ShippingAddress>(),
    note: t.varchar(500).nullable(),
    placedAt: t.timestamptz().defaultNow(),
  },
  (o) => [index(o.customerId), index(o.status, o.placedAt)],
)

export const orderItems = table(
  'order_items',
  {
    orderId: t.bigint().references(() => orders.id, { onDelete: 'cascade' }),
    bookId: t.bigint().references(() => books.id),
    quantity: t.smallint().min(1),
    unitPrice: t.numeric(10, 2),
  },
  (i) => [primaryKey(i.orderId, i.bookId), index(i.bookId)],
)

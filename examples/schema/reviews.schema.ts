import { table, t, index } from 'dbridge/schema'
import { books } from './books.schema'
import { customers } from './orders.schema'

export const reviews = table(
  'reviews',
  {
    id: t.bigserial().primaryKey(),
    bookId: t.bigint().references(() => books.id, { onDelete: 'cascade' }),
    customerId: t.uuid().references(() => customers.id, { onDelete: 'cascade' }),
    rating: t.smallint().min(1).max(5),
    body: t.text().length({ max: 5000 }),
    createdAt: t.timestamptz().defaultNow(),
  },
  (r) => [index(r.bookId), index(r.customerId)],
)

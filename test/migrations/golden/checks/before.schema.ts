import { table, t, check, sql } from 'dbridge/schema'

export const products = table('products', {
  id: t.serial().primaryKey(),
  name: t.text(),
  price: t.numeric(10, 2),
  stock: t.integer(),
  code: t.text(),
}, (p) => [
  check('products_price_positive', sql`price > 0`),
  check('products_stock_known', sql`stock >= 0`),
  check('products_old_rule', sql`stock < 1000000`),
])

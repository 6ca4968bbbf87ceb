import { table, t, check, sql } from 'dbridge/schema'

export const products = table('products', {
  id: t.serial().primaryKey(),
  // Validators become checks where SQL can express them.
  name: t.text().length({ min: 1, max: 100 }),
  price: t.numeric(10, 2),
  stock: t.integer().min(0).max(5000),
  code: t.text().check(sql`code ~ '^[A-Z]+$'`),
}, (p) => [
  // Replaced: another expression.
  check('products_price_positive', sql`price >= 0.01`),
  // Renamed: same expression, another name.
  check('products_stock_nonnegative', sql`stock >= 0`),
  // products_old_rule is dropped.
])

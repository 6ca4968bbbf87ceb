ALTER TABLE "products" RENAME CONSTRAINT "products_stock_nonnegative" TO "products_stock_known";
ALTER TABLE "products" DROP CONSTRAINT "products_name_valid";
ALTER TABLE "products" DROP CONSTRAINT "products_stock_valid";
ALTER TABLE "products" DROP CONSTRAINT "products_code_check";
ALTER TABLE "products" DROP CONSTRAINT "products_price_positive";
ALTER TABLE "products" ADD CONSTRAINT "products_price_positive" CHECK (price > 0);
ALTER TABLE "products" ADD CONSTRAINT "products_old_rule" CHECK (stock < 1000000);

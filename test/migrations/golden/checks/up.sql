ALTER TABLE "products" RENAME CONSTRAINT "products_stock_known" TO "products_stock_nonnegative";
ALTER TABLE "products" DROP CONSTRAINT "products_price_positive";
ALTER TABLE "products" DROP CONSTRAINT "products_old_rule";
ALTER TABLE "products" ADD CONSTRAINT "products_name_valid" CHECK (char_length("name") >= 1 AND char_length("name") <= 100);
ALTER TABLE "products" ADD CONSTRAINT "products_stock_valid" CHECK ("stock" >= 0 AND "stock" <= 5000);
ALTER TABLE "products" ADD CONSTRAINT "products_code_check" CHECK (code ~ '^[A-Z]+$');
ALTER TABLE "products" ADD CONSTRAINT "products_price_positive" CHECK (price >= 0.01);

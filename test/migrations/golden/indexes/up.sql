ALTER INDEX "books_by_author" RENAME TO "books_author_idx";
DROP INDEX "books_title_idx";
DROP INDEX "books_price_idx";
DROP INDEX "books_stock_idx";
CREATE UNIQUE INDEX "books_title_idx" ON "books" ("title");
CREATE INDEX "books_price_idx" ON "books" ("price") WHERE price > 10;
CREATE INDEX "books_author_id_title_idx" ON "books" ("author_id", "title");
CREATE INDEX "books_in_stock" ON "books" ("stock" DESC, "price" DESC) WHERE stock > 0;
CREATE INDEX "books_tags_idx" ON "books" USING gin ("tags");

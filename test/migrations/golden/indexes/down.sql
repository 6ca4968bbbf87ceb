ALTER INDEX "books_author_idx" RENAME TO "books_by_author";
DROP INDEX "books_title_idx";
DROP INDEX "books_price_idx";
DROP INDEX "books_author_id_title_idx";
DROP INDEX "books_in_stock";
DROP INDEX "books_tags_idx";
CREATE INDEX "books_title_idx" ON "books" ("title");
CREATE INDEX "books_price_idx" ON "books" ("price") WHERE price > 0;
CREATE INDEX "books_stock_idx" ON "books" ("stock");

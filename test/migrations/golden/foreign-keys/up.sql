ALTER TABLE "reviews" RENAME CONSTRAINT "reviews_book_id_fkey" TO "reviews_book_fk";
ALTER TABLE "books" DROP CONSTRAINT "books_author_id_fkey";
ALTER TABLE "books" DROP CONSTRAINT "books_publisher_id_fkey";
ALTER TABLE "books" DROP CONSTRAINT "books_translator_id_fkey";
ALTER TABLE "books" ADD CONSTRAINT "books_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE RESTRICT;
ALTER TABLE "books" ADD CONSTRAINT "books_editor_id_fkey" FOREIGN KEY ("editor_id") REFERENCES "authors" ("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "books" ADD CONSTRAINT "books_translator_id_fkey" FOREIGN KEY ("translator_id") REFERENCES "authors" ("id") ON UPDATE CASCADE;
CREATE INDEX "books_translator_id_idx" ON "books" ("translator_id");

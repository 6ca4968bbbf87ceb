ALTER TABLE "reviews" RENAME CONSTRAINT "reviews_book_fk" TO "reviews_book_id_fkey";
ALTER TABLE "books" DROP CONSTRAINT "books_author_id_fkey";
ALTER TABLE "books" DROP CONSTRAINT "books_editor_id_fkey";
ALTER TABLE "books" DROP CONSTRAINT "books_translator_id_fkey";
DROP INDEX "books_translator_id_idx";
ALTER TABLE "books" ADD CONSTRAINT "books_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE;
ALTER TABLE "books" ADD CONSTRAINT "books_publisher_id_fkey" FOREIGN KEY ("publisher_id") REFERENCES "publishers" ("id");
ALTER TABLE "books" ADD CONSTRAINT "books_translator_id_fkey" FOREIGN KEY ("translator_id") REFERENCES "authors" ("id");

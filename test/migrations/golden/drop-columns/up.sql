DROP INDEX "books_shelf_idx";
ALTER TABLE "books" DROP CONSTRAINT "books_isbn_key";
ALTER TABLE "books" DROP CONSTRAINT "books_pages_check";
ALTER TABLE "books" DROP COLUMN "subtitle";
ALTER TABLE "books" DROP COLUMN "isbn";
ALTER TABLE "books" DROP COLUMN "pages";
ALTER TABLE "books" DROP COLUMN "shelf";

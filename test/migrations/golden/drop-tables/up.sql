DROP TABLE "books", "reviews";
DROP TYPE "book_status";

CREATE TYPE "book_status" AS ENUM ('draft', 'live');
CREATE TABLE "books" (
  "id" bigserial NOT NULL,
  "author_id" integer NOT NULL,
  "status" "book_status" NOT NULL,
  CONSTRAINT "books_pkey" PRIMARY KEY ("id")
);
CREATE TABLE "reviews" (
  "id" bigserial NOT NULL,
  "book_id" bigint NOT NULL,
  CONSTRAINT "reviews_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "books" ADD CONSTRAINT "books_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors" ("id");
ALTER TABLE "reviews" ADD CONSTRAINT "reviews_book_id_fkey" FOREIGN KEY ("book_id") REFERENCES "books" ("id");

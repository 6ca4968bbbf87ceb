CREATE EXTENSION IF NOT EXISTS "citext";
CREATE TYPE "author_status" AS ENUM ('active', 'retired');
CREATE TABLE "authors" (
  "id" serial NOT NULL,
  "name" text NOT NULL,
  "email" citext NOT NULL,
  "status" "author_status" NOT NULL DEFAULT 'active',
  "bio" text,
  "favorite_book_id" bigint,
  CONSTRAINT "authors_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "authors_email_key" UNIQUE ("email"),
  CONSTRAINT "authors_name_valid" CHECK (char_length("name") >= 1 AND char_length("name") <= 200)
);
CREATE TABLE "books" (
  "id" bigserial NOT NULL,
  "isbn" varchar(13) NOT NULL,
  "author_id" integer NOT NULL,
  "price" numeric(10, 2) NOT NULL DEFAULT 0,
  "tags" text[] NOT NULL DEFAULT '{}',
  "created_at" timestamptz NOT NULL DEFAULT now(),
  CONSTRAINT "books_pkey" PRIMARY KEY ("id"),
  CONSTRAINT "books_isbn_key" UNIQUE ("isbn"),
  CONSTRAINT "books_price_check" CHECK (price >= 0)
);
CREATE TABLE "editions" (
  "book_id" bigint NOT NULL,
  "number" integer NOT NULL,
  "printed_on" date NOT NULL,
  CONSTRAINT "editions_pkey" PRIMARY KEY ("book_id", "number"),
  CONSTRAINT "editions_book_id_printed_on_key" UNIQUE ("book_id", "printed_on"),
  CONSTRAINT "editions_number_valid" CHECK ("number" >= 1),
  CONSTRAINT "editions_recent" CHECK (printed_on > '1450-01-01')
);
CREATE TABLE "printings" (
  "id" uuid NOT NULL DEFAULT gen_random_uuid(),
  "book_id" bigint NOT NULL,
  "edition_number" integer NOT NULL,
  "copies" integer NOT NULL DEFAULT 0,
  CONSTRAINT "printings_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "authors" ADD CONSTRAINT "authors_favorite_book_id_fkey" FOREIGN KEY ("favorite_book_id") REFERENCES "books" ("id") ON DELETE SET NULL;
ALTER TABLE "books" ADD CONSTRAINT "books_author_id_fkey" FOREIGN KEY ("author_id") REFERENCES "authors" ("id") ON DELETE CASCADE;
ALTER TABLE "editions" ADD CONSTRAINT "editions_book_id_fkey" FOREIGN KEY ("book_id") REFERENCES "books" ("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "printings" ADD CONSTRAINT "printings_book_id_edition_number_fkey" FOREIGN KEY ("book_id", "edition_number") REFERENCES "editions" ("book_id", "number") ON DELETE CASCADE;
CREATE INDEX "books_author_id_idx" ON "books" ("author_id");
CREATE INDEX "books_created_at_idx" ON "books" ("created_at" DESC);
CREATE INDEX "editions_printed_on_idx" ON "editions" ("printed_on") WHERE number > 1;

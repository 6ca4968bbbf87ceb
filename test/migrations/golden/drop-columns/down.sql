ALTER TABLE "books" ADD COLUMN "subtitle" text;
ALTER TABLE "books" ADD COLUMN "isbn" varchar(13) NOT NULL;
ALTER TABLE "books" ADD COLUMN "pages" integer NOT NULL;
ALTER TABLE "books" ADD COLUMN "shelf" text NOT NULL;
ALTER TABLE "books" ADD CONSTRAINT "books_isbn_key" UNIQUE ("isbn");
ALTER TABLE "books" ADD CONSTRAINT "books_pages_check" CHECK (pages > 0);
CREATE INDEX "books_shelf_idx" ON "books" ("shelf");

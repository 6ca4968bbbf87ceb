CREATE TABLE "comments" (
  "id" bigserial NOT NULL,
  "reply_to_id" bigint,
  "body" text NOT NULL,
  CONSTRAINT "comments_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "categories" ADD COLUMN "parent_id" integer;
ALTER TABLE "categories" ADD CONSTRAINT "categories_parent_id_fkey" FOREIGN KEY ("parent_id") REFERENCES "categories" ("id") ON DELETE CASCADE;
ALTER TABLE "comments" ADD CONSTRAINT "comments_reply_to_id_fkey" FOREIGN KEY ("reply_to_id") REFERENCES "comments" ("id");
CREATE INDEX "categories_parent_id_idx" ON "categories" ("parent_id");

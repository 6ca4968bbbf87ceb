CREATE TABLE "post_categories" (
  "post_id" bigint NOT NULL,
  "category_id" integer NOT NULL,
  "position" integer NOT NULL DEFAULT 0,
  CONSTRAINT "post_categories_pkey" PRIMARY KEY ("post_id", "category_id")
);
CREATE TABLE "posts_tags" (
  "post_id" bigint NOT NULL,
  "tag_id" integer NOT NULL,
  CONSTRAINT "posts_tags_pkey" PRIMARY KEY ("post_id", "tag_id")
);
ALTER TABLE "post_categories" ADD CONSTRAINT "post_categories_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts" ("id") ON DELETE CASCADE;
ALTER TABLE "post_categories" ADD CONSTRAINT "post_categories_category_id_fkey" FOREIGN KEY ("category_id") REFERENCES "categories" ("id") ON DELETE CASCADE;
ALTER TABLE "posts_tags" ADD CONSTRAINT "posts_tags_post_id_fkey" FOREIGN KEY ("post_id") REFERENCES "posts" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "posts_tags" ADD CONSTRAINT "posts_tags_tag_id_fkey" FOREIGN KEY ("tag_id") REFERENCES "tags" ("id") ON DELETE CASCADE ON UPDATE CASCADE;
CREATE INDEX "posts_tags_tag_id_idx" ON "posts_tags" ("tag_id");

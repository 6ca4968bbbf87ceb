DROP TABLE "labels";
CREATE TABLE "tags" (
  "id" serial NOT NULL,
  "label" text NOT NULL,
  CONSTRAINT "tags_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "people" ADD COLUMN "full_name" text NOT NULL;
ALTER TABLE "people" ALTER COLUMN "age" TYPE integer USING "age"::integer;
ALTER TABLE "people" DROP COLUMN "display_name";

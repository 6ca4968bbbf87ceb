DROP TABLE "tags";
CREATE TABLE "labels" (
  "id" serial NOT NULL,
  "label" text NOT NULL,
  CONSTRAINT "labels_pkey" PRIMARY KEY ("id")
);
ALTER TABLE "people" ADD COLUMN "display_name" text NOT NULL;
ALTER TABLE "people" ALTER COLUMN "age" TYPE bigint USING "age"::bigint;
ALTER TABLE "people" DROP COLUMN "full_name";

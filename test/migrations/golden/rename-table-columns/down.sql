ALTER TABLE "persons" RENAME TO "people";
ALTER SEQUENCE "persons_id_seq" RENAME TO "people_id_seq";
ALTER TABLE "people" RENAME CONSTRAINT "persons_pkey" TO "people_pkey";
ALTER INDEX "persons_age_idx" RENAME TO "people_age_idx";
ALTER TABLE "people" DROP CONSTRAINT "persons_display_name_key";
ALTER TABLE "people" ADD COLUMN "full_name" text NOT NULL;
ALTER TABLE "people" DROP COLUMN "display_name";
ALTER TABLE "people" ADD CONSTRAINT "people_full_name_key" UNIQUE ("full_name");

ALTER TABLE "persons" RENAME TO "people";
ALTER SEQUENCE "persons_id_seq" RENAME TO "people_id_seq";
ALTER TABLE "people" RENAME COLUMN "display_name" TO "full_name";
ALTER TABLE "people" RENAME CONSTRAINT "persons_pkey" TO "people_pkey";
ALTER TABLE "people" RENAME CONSTRAINT "persons_display_name_key" TO "people_full_name_key";
ALTER INDEX "persons_age_idx" RENAME TO "people_age_idx";

ALTER TABLE "people" RENAME TO "persons";
ALTER SEQUENCE "people_id_seq" RENAME TO "persons_id_seq";
ALTER TABLE "persons" RENAME COLUMN "full_name" TO "display_name";
ALTER TABLE "persons" RENAME CONSTRAINT "people_pkey" TO "persons_pkey";
ALTER TABLE "persons" RENAME CONSTRAINT "people_full_name_key" TO "persons_display_name_key";
ALTER INDEX "people_age_idx" RENAME TO "persons_age_idx";

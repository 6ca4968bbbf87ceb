ALTER TABLE "people" RENAME COLUMN "full_name" TO "display_name";
ALTER TABLE "people" RENAME CONSTRAINT "people_full_name_key" TO "people_display_name_key";
ALTER INDEX "people_full_name_age_idx" RENAME TO "people_display_name_age_idx";

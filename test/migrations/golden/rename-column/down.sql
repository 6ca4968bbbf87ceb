ALTER TABLE "people" RENAME COLUMN "display_name" TO "full_name";
ALTER TABLE "people" RENAME CONSTRAINT "people_display_name_key" TO "people_full_name_key";
ALTER INDEX "people_display_name_age_idx" RENAME TO "people_full_name_age_idx";

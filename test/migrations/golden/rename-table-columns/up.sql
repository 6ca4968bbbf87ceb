ALTER TABLE "people" RENAME TO "persons";
ALTER SEQUENCE "people_id_seq" RENAME TO "persons_id_seq";
ALTER TABLE "persons" RENAME CONSTRAINT "people_pkey" TO "persons_pkey";
ALTER INDEX "people_age_idx" RENAME TO "persons_age_idx";
ALTER TABLE "persons" DROP CONSTRAINT "people_full_name_key";
ALTER TABLE "persons" ADD COLUMN "display_name" text NOT NULL;
ALTER TABLE "persons" DROP COLUMN "full_name";
ALTER TABLE "persons" ADD CONSTRAINT "persons_display_name_key" UNIQUE ("display_name");

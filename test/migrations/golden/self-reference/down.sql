ALTER TABLE "categories" DROP CONSTRAINT "categories_parent_id_fkey";
DROP INDEX "categories_parent_id_idx";
DROP TABLE "comments";
ALTER TABLE "categories" DROP COLUMN "parent_id";

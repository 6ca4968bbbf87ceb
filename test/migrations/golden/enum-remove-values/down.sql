ALTER TYPE "author_status" ADD VALUE 'new' BEFORE 'active';
ALTER TYPE "author_status" ADD VALUE 'banned' AFTER 'retired';
ALTER TYPE "size" RENAME TO "size__old";
CREATE TYPE "size" AS ENUM ('small', 'medium', 'large');
ALTER TABLE "authors" ALTER COLUMN "size" TYPE "size" USING "size"::text::"size";
DROP TYPE "size__old";

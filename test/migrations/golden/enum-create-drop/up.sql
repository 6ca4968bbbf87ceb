CREATE TYPE "plan" AS ENUM ('basic', 'pro');
CREATE TYPE "role" AS ENUM ('member', 'owner');
ALTER TABLE "accounts" ADD COLUMN "plan" "plan" NOT NULL DEFAULT 'basic';
ALTER TABLE "accounts" ADD COLUMN "roles" "role"[] NOT NULL DEFAULT '{member}';
ALTER TABLE "accounts" DROP COLUMN "tier";
DROP TYPE "tier";
DROP TYPE "unused";

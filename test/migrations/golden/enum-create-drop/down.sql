CREATE TYPE "tier" AS ENUM ('free', 'paid');
CREATE TYPE "unused" AS ENUM ('x');
ALTER TABLE "accounts" ADD COLUMN "tier" "tier" NOT NULL;
ALTER TABLE "accounts" DROP COLUMN "plan";
ALTER TABLE "accounts" DROP COLUMN "roles";
DROP TYPE "plan";
DROP TYPE "role";

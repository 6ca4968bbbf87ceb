DROP TABLE "authors", "books", "editions", "printings";
DROP TYPE "author_status";

ALTER TABLE "editions" DROP CONSTRAINT "editions_pkey";
ALTER TABLE "editions" DROP CONSTRAINT "editions_isbn_printed_on_key";
ALTER TABLE "sessions" DROP CONSTRAINT "sessions_pkey";
ALTER TABLE "editions" ADD CONSTRAINT "editions_pkey" PRIMARY KEY ("book_id", "number");
ALTER TABLE "editions" ADD CONSTRAINT "editions_isbn_printed_on_key" UNIQUE ("isbn");
ALTER TABLE "editions" ADD CONSTRAINT "editions_book_id_printed_on_key" UNIQUE ("book_id", "printed_on");
ALTER TABLE "logs" ADD CONSTRAINT "logs_pkey" PRIMARY KEY ("id");

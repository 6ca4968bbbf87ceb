ALTER TABLE "editions" DROP CONSTRAINT "editions_pkey";
ALTER TABLE "editions" DROP CONSTRAINT "editions_isbn_printed_on_key";
ALTER TABLE "editions" DROP CONSTRAINT "editions_book_id_printed_on_key";
ALTER TABLE "logs" DROP CONSTRAINT "logs_pkey";
ALTER TABLE "editions" ADD CONSTRAINT "editions_pkey" PRIMARY KEY ("book_id");
ALTER TABLE "editions" ADD CONSTRAINT "editions_isbn_printed_on_key" UNIQUE ("isbn", "printed_on");
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_pkey" PRIMARY KEY ("token");

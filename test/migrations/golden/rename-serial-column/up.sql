ALTER TABLE "tickets" RENAME COLUMN "number" TO "position";
ALTER SEQUENCE "tickets_number_seq" RENAME TO "tickets_position_seq";

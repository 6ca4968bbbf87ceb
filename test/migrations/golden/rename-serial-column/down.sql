ALTER TABLE "tickets" RENAME COLUMN "position" TO "number";
ALTER SEQUENCE "tickets_position_seq" RENAME TO "tickets_number_seq";

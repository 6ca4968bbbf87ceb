ALTER TYPE "author_status" ADD VALUE 'new' BEFORE 'active';
ALTER TYPE "author_status" ADD VALUE 'on_leave' BEFORE 'retired';
ALTER TYPE "author_status" ADD VALUE 'banned' AFTER 'retired';
ALTER TYPE "author_status" ADD VALUE 'gone' AFTER 'banned';
ALTER TYPE "mood" ADD VALUE 'happy' BEFORE 'ok';

DROP TABLE "post_categories", "posts_tags";

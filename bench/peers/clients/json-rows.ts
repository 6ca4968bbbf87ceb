/**
 * The hand-written nested statements (postgres.js and pg) build their nested rows with
 * to_json / json_agg. Inside JSON a timestamp is a string and an int8 would be a JSON
 * number that can lose precision, so the SQL casts int8 and numeric to text and these
 * functions convert in place to the runtime types top-level rows have (bigint, Date;
 * numeric stays an exact string), the same types dbridge returns.
 */

export interface JsonComment {
  id: string | bigint
  postId: string | bigint
  createdAt: string | Date
}

export interface JsonPost {
  id: string | bigint
  views: string | bigint
  createdAt: string | Date
  comments: JsonComment[]
}

export function decodeComments(comments: JsonComment[]): JsonComment[] {
  for (const comment of comments) {
    comment.id = BigInt(comment.id)
    comment.postId = BigInt(comment.postId)
    comment.createdAt = new Date(comment.createdAt)
  }
  return comments
}

/** A post nested inside a user: its int8 and timestamp columns, then its comments. */
export function decodePost(post: JsonPost): JsonPost {
  post.id = BigInt(post.id)
  post.views = BigInt(post.views)
  post.createdAt = new Date(post.createdAt)
  decodeComments(post.comments)
  return post
}

/** The author nested in a post: its id is an int4, so only the timestamp needs converting. */
export function decodeAuthor<T extends { createdAt: string | Date } | null>(author: T): T {
  if (author) author.createdAt = new Date(author.createdAt)
  return author
}

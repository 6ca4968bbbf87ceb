-- Reports over the example schema: statements that read best as SQL.

-- name: topAuthors :many
-- Authors with at least :minBooks books, the most prolific first.
select a.id, a.name, count(b.id)::int as book_count, max(b.published_on) as latest
from authors a
left join books b on b.author_id = a.id
group by a.id
having count(b.id) >= :minBooks
order by book_count desc, a.id
limit :limit;

-- name: bookRanks :many
-- Each book's rank by price within its author's books (a window function).
select b.id, b.title, b.price, a.name as author,
       rank() over (partition by b.author_id order by b.price desc) as price_rank
from books b
join authors a on a.id = b.author_id
where :status?::author_status is null or a.status = :status?
order by a.name, price_rank;

-- name: renameAuthor :one
update authors set name = :name where id = :id returning *;

-- name: restock :execrows
update books set stock = stock + :amount where author_id = :authorId;

-- name: bookMeta :one
select id, meta, meta as "metaCopy!", tags from books where id = :id;

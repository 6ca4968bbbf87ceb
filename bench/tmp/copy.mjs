import postgres from 'postgres'
import { pipeline } from 'node:stream/promises'
import { Readable } from 'node:stream'
const sql = postgres('postgres://postgres@127.0.0.1:5432/test', { max: 2, onnotice: () => {} })
await sql`create temp table if not exists cp (id int primary key, t text)`.catch(()=>{})
const conn = await sql.reserve()
await conn`drop table if exists cp; create table cp (id int primary key, t text)`.simple()
const w = await conn.unsafe('COPY cp (id, t) FROM STDIN').writable()
try {
  await pipeline(Readable.from(['1\ta\n', '2\tb\n', '1\tdup\n']), w)
  console.log('finished ok?')
} catch (e) { console.log('error:', e.code, e.message) }
console.log(await conn`select count(*) from cp`)
const r = await conn.unsafe('COPY (SELECT 1 AS a, \'x\' AS b) TO STDOUT').readable()
for await (const chunk of r) console.log('chunk', JSON.stringify(chunk.toString()))
conn.release(); await sql.end()

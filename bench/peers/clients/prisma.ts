/**
 * Prisma 7: the client generated at run time (generate.ts) with the engine-less query
 * compiler, connected through @prisma/adapter-pg (a pg pool of the same size). Nested
 * loads use `include` with Prisma's default relation load strategy (one query per level,
 * joined in Node; the join strategy is still a preview feature in 7.10). Prisma returns
 * numeric as a Decimal object, not a string; bigint and Date as dbridge does.
 */
import { PrismaPg } from '@prisma/adapter-pg'
import { pathToFileURL } from 'node:url'
import type { Contender, ContenderOptions } from '../contender.js'
import { findManyArgs, nestedArgs, newPost, newPosts, postIdFor, threeLevelArgs, updateArgs, type NewPostInput } from '../dataset.js'

type Args = Record<string, unknown>

/** The part of the generated PrismaClient this benchmark uses. */
interface PrismaDb {
  post: {
    findUnique(args: Args): Promise<unknown>
    findMany(args: Args): Promise<unknown[]>
    create(args: { data: NewPostInput }): Promise<unknown>
    createManyAndReturn(args: { data: NewPostInput[] }): Promise<unknown[]>
    update(args: Args): Promise<unknown>
  }
  user: { findMany(args: Args): Promise<unknown[]> }
  $connect(): Promise<void>
  $disconnect(): Promise<void>
}

interface PrismaModule {
  PrismaClient: new (options: { adapter: PrismaPg }) => PrismaDb
}

export async function createPrisma(generatedClient: string, { url, max }: ContenderOptions): Promise<Contender> {
  const { PrismaClient } = (await import(pathToFileURL(generatedClient).href)) as PrismaModule
  const prisma = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max }) })
  await prisma.$connect()

  const findById = (id: bigint) => prisma.post.findUnique({ where: { id } })

  return {
    library: 'prisma',
    workloads: {
      findById: [{ name: 'prisma', run: (i) => findById(postIdFor(i)) }],
      findMany: [
        {
          name: 'prisma',
          run: () =>
            prisma.post.findMany({
              where: { score: { gte: findManyArgs.minScore }, views: { gte: findManyArgs.minViews } },
              orderBy: { createdAt: 'desc' },
              take: findManyArgs.limit,
            }),
        },
      ],
      insertOne: [{ name: 'prisma', run: (i) => prisma.post.create({ data: newPost(i) }) }],
      insertMany: [{ name: 'prisma createManyAndReturn', run: (i) => prisma.post.createManyAndReturn({ data: newPosts(i) }) }],
      update: [
        {
          name: 'prisma',
          run: (i) => {
            const { id, views } = updateArgs(i)
            return prisma.post.update({ where: { id }, data: { views } })
          },
        },
      ],
      nested: [
        {
          name: 'prisma include',
          run: () =>
            prisma.post.findMany({
              orderBy: { id: 'asc' },
              take: nestedArgs.limit,
              include: { author: true, comments: { orderBy: { id: 'asc' } } },
            }),
        },
      ],
      threeLevels: [
        {
          name: 'prisma include',
          run: () =>
            prisma.user.findMany({
              orderBy: { id: 'asc' },
              take: threeLevelArgs.limit,
              include: { posts: { orderBy: { id: 'asc' }, include: { comments: { orderBy: { id: 'asc' } } } } },
            }),
        },
      ],
    },
    lookups: [{ name: 'prisma', findById }],
    close: () => prisma.$disconnect(),
  }
}

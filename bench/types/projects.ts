/**
 * Writes the consumer projects (dbridge in each emit mode, Drizzle, Prisma) for one schema
 * size into a temporary directory. Each is a small ESM package whose node_modules links to this
 * repository (dbridge itself) and to the installed peers, and which has two tsconfigs:
 * `tsconfig.json` type-checks the 50-query consumer, `tsconfig.empty.json` the same project
 * with an empty consumer (the client created, no query).
 */
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { dbridgeConsumer, drizzleConsumer, planQueries, prismaConsumer, queryCount } from './consumer.js'
import { dbridgeSchemaFiles } from './emit-dbridge.js'
import { drizzleFiles } from './emit-drizzle.js'
import { prismaSchema } from './emit-prisma.js'
import { syntheticSchema } from './synthetic.js'

/** `dbridge-js`: the same dbridge project generated with `--emit js` (JavaScript and `.d.ts`). */
export type ClientName = 'dbridge' | 'dbridge-js' | 'drizzle' | 'prisma'
export const clientNames: ClientName[] = ['dbridge', 'dbridge-js', 'drizzle', 'prisma']

/** The dbridge projects, one per emit mode. */
export const isDbridge = (client: ClientName): client is 'dbridge' | 'dbridge-js' => client === 'dbridge' || client === 'dbridge-js'

/**
 * The flags of `dbridge generate` in a project. The mode is a flag, not a config file, so that
 * both dbridge projects are generated alike (loading a config file is a cost of its own).
 */
export const dbridgeGenerateArgs = (client: ClientName): string[] => (client === 'dbridge-js' ? ['--emit', 'js'] : [])

export interface Project {
  client: ClientName
  dir: string
  tables: number
}

/** Packages each project resolves, linked from the repository's node_modules. */
const linkedPackages: Record<ClientName, string[]> = {
  dbridge: ['@types'],
  'dbridge-js': ['@types'],
  drizzle: ['@types', 'drizzle-orm', 'postgres'],
  prisma: ['@types', '@prisma', 'prisma'],
}

/** The compiler options of all three projects: strict, skipLibCheck, Node ESM. */
const compilerOptions = {
  target: 'ES2022',
  lib: ['ES2023'],
  module: 'NodeNext',
  moduleResolution: 'NodeNext',
  strict: true,
  skipLibCheck: true,
  noEmit: true,
  types: ['node'],
}

/** What each project's type check includes besides the consumer: everything a real project would (`generated/**\/*.ts` takes the `.d.ts` of `emit: 'js'`). */
const sources: Record<ClientName, string[]> = {
  dbridge: ['schema/**/*.ts', 'generated/**/*.ts'],
  'dbridge-js': ['schema/**/*.ts', 'generated/**/*.ts'],
  drizzle: ['schema/**/*.ts', 'db.ts'],
  prisma: ['generated/**/*.ts'],
}

function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true })
    writeFileSync(join(dir, path), text)
  }
}

/** Writes `<root>/<client>` for every client; replaces what was there. */
export function writeProjects(root: string, tables: number, repoRoot: string, clients: ClientName[] = clientNames, queries = queryCount): Project[] {
  const specs = syntheticSchema(tables)
  const plan = planQueries(specs, queries)
  return clients.map((client) => {
    const dir = join(root, client)
    rmSync(dir, { recursive: true, force: true })
    mkdirSync(join(dir, 'node_modules'), { recursive: true })
    if (isDbridge(client)) symlinkSync(repoRoot, join(dir, 'node_modules/dbridge'), 'dir')
    for (const name of linkedPackages[client]) symlinkSync(join(repoRoot, 'node_modules', name), join(dir, 'node_modules', name), 'dir')
    const files: Record<string, string> = {
      'package.json': JSON.stringify({ name: `typecost-${client}`, private: true, type: 'module' }, null, 2) + '\n',
      'tsconfig.json': JSON.stringify({ compilerOptions, include: [...sources[client], 'consumer.ts'] }, null, 2) + '\n',
      'tsconfig.empty.json': JSON.stringify({ compilerOptions, include: [...sources[client], 'empty.ts'] }, null, 2) + '\n',
    }
    if (isDbridge(client)) Object.assign(files, dbridgeSchemaFiles(specs), { 'consumer.ts': dbridgeConsumer(plan), 'empty.ts': dbridgeConsumer([]) })
    if (client === 'drizzle') Object.assign(files, drizzleFiles(specs), { 'consumer.ts': drizzleConsumer(plan), 'empty.ts': drizzleConsumer([]) })
    if (client === 'prisma') {
      Object.assign(files, { 'prisma/schema.prisma': prismaSchema(specs, '../generated/prisma'), 'consumer.ts': prismaConsumer(plan), 'empty.ts': prismaConsumer([]) })
    }
    write(dir, files)
    return { client, dir, tables }
  })
}

/** A project with no database client at all: what `tsc` costs before any ORM (Node's types, the lib). */
export function writeBaselineProject(root: string, repoRoot: string): string {
  const dir = join(root, 'baseline')
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(join(dir, 'node_modules'), { recursive: true })
  symlinkSync(join(repoRoot, 'node_modules/@types'), join(dir, 'node_modules/@types'), 'dir')
  write(dir, {
    'package.json': JSON.stringify({ name: 'typecost-baseline', private: true, type: 'module' }, null, 2) + '\n',
    'tsconfig.json': JSON.stringify({ compilerOptions, include: ['consumer.ts'] }, null, 2) + '\n',
    'consumer.ts': `export const answer: number = 42\n`,
  })
  return dir
}

/**
 * Generates the two clients that are code generated, at run time, into a folder of this
 * run under bench/peers/.generated/ (git-ignored, and outside what tsc includes because it
 * starts with a dot). It must sit inside the repository so the generated code resolves
 * `dbridge/runtime` and `@prisma/client` from its node_modules.
 *
 * `prisma generate` insists on a schema-engine binary (and would download one) even though
 * generating needs none: a stub that only answers the version query stands in for it.
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url))
const peersDir = join(repoRoot, 'bench/peers')

export interface GeneratedClients {
  /** The generated dbridge index module. */
  dbridgeIndex: string
  /** The generated Prisma client module. */
  prismaClient: string
  /** dbridge's DDL for the benchmark tables; every client uses the tables it creates. */
  schemaSql: string
  remove(): void
}

function run(args: string[], env: NodeJS.ProcessEnv = process.env): void {
  const result = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8', env })
  if (result.status !== 0) throw new Error(`${args.slice(0, 2).join(' ')} failed:\n${result.stdout}\n${result.stderr}`)
}

export function generateClients(): GeneratedClients {
  const dir = join(peersDir, '.generated', `run-${process.pid}`)
  rmSync(dir, { recursive: true, force: true })
  mkdirSync(dir, { recursive: true })
  const remove = () => rmSync(dir, { recursive: true, force: true })
  try {
    const dbridgeOut = join(dir, 'dbridge')
    run([join(repoRoot, 'dist/generator/cli.js'), 'generate', '--schema', 'bench/peers/schema/*.schema.ts', '--out', dbridgeOut])

    const stub = join(dir, 'schema-engine-stub.sh')
    writeFileSync(stub, '#!/bin/sh\necho "schema-engine-cli 0.0.0"\n')
    chmodSync(stub, 0o755)
    const schema = readFileSync(join(peersDir, 'prisma/schema.prisma'), 'utf8').replace(/output\s*=\s*"[^"]*"/, 'output   = "./prisma"')
    writeFileSync(join(dir, 'schema.prisma'), schema)
    run([join(repoRoot, 'node_modules/prisma/build/index.js'), 'generate', '--schema', join(dir, 'schema.prisma')], {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: stub,
      PRISMA_ENGINES_CHECKSUM_IGNORE_MISSING: '1',
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    })

    return {
      dbridgeIndex: join(dbridgeOut, 'index.ts'),
      prismaClient: join(dir, 'prisma/client.ts'),
      schemaSql: readFileSync(join(dbridgeOut, 'schema.sql'), 'utf8'),
      remove,
    }
  } catch (error) {
    remove()
    throw error
  }
}

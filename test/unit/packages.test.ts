/**
 * The two manifests that users install (the root `dbridge` and packages/dbridge-cli) agree
 * where they must: one version, the same ranges of the packages both use, and a runtime
 * that depends on nothing but the driver and zod.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { repoRoot } from '../support/project.js'

interface Manifest {
  version: string
  dependencies: Record<string, string>
  devDependencies?: Record<string, string>
}
const read = (path: string) => JSON.parse(readFileSync(join(repoRoot, path), 'utf8')) as Manifest
const runtime = read('package.json')
const cli = read('packages/dbridge-cli/package.json')

it('dbridge and dbridge-cli are released at one version (the launcher refuses a mismatch)', () => {
  expect(cli.version).toBe(runtime.version)
})

it('the runtime depends on postgres and zod only', () => {
  expect(Object.keys(runtime.dependencies).sort()).toEqual(['postgres', 'zod'])
})

it('the CLI asks for the same ranges of what it shares with the runtime', () => {
  for (const [name, range] of Object.entries(runtime.dependencies)) expect(cli.dependencies[name], name).toBe(range)
})

it('the generator tools are not also listed by the root (npm installs the CLI workspace for a clone)', () => {
  for (const name of Object.keys(cli.dependencies)) {
    if (name in runtime.dependencies) continue
    expect(runtime.devDependencies?.[name], name).toBeUndefined()
  }
})

/**
 * Golden output: the committed clients (the example's and the test fixtures') are exactly
 * what the generator produces today.
 */
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { cliPath, repoRoot } from '../support/project.js'

for (const dir of ['.', 'test/fixtures/all-types', 'test/fixtures/hostile', 'test/fixtures/relations']) {
  it(`${dir === '.' ? 'generated/' : dir + '/generated/'} is up to date`, () => {
    const result = spawnSync(process.execPath, [cliPath, 'generate', '--check'], { cwd: join(repoRoot, dir), encoding: 'utf8' })
    expect(result.stderr).toBe('')
    expect(result.status).toBe(0)
  })
}

#!/usr/bin/env node
/**
 * `npm run pack:all [-- <destination>]`: packs the two packages users install, from one
 * build of this repository:
 *
 * - `dbridge` (the repository's root): the runtime, the schema DSL, `defineConfig` and the
 *   `dbridge` command's launcher; depends on postgres and zod only;
 * - `dbridge-cli` (packages/dbridge-cli): the generator, migrations, pull, the embedded
 *   server and the loader hooks, with the tools they need.
 *
 * In the repository, packages/dbridge-cli/dist links to the root's dist, so that
 * `dbridge-cli/...` imports work in a clone. npm does not pack a linked folder, so the CLI
 * is packed from a staging copy with its files in place. Prints the two tarballs' paths as
 * JSON. Expects `npm run build` to have run (pack:all does it).
 */
import { execFileSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))
const cliRoot = join(root, 'packages/dbridge-cli')
const destination = resolve(process.argv[2] ?? join(root, 'packages/out'))
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

const readManifest = (dir) => JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
const runtimeManifest = readManifest(root)
const cliManifest = readManifest(cliRoot)

// The launcher refuses a CLI of another version, so the two must be released together.
if (runtimeManifest.version !== cliManifest.version) {
  console.error(`pack: dbridge is ${runtimeManifest.version} but packages/dbridge-cli is ${cliManifest.version}; give both the same version`)
  process.exit(1)
}
// The CLI carries its own copy of the runtime and the schema model, compiled beside the generator.
for (const part of ['generator', 'runtime', 'schema']) {
  if (!existsSync(join(root, 'dist', part))) {
    console.error(`pack: dist/${part} is missing; run npm run build first`)
    process.exit(1)
  }
}

mkdirSync(destination, { recursive: true })

/** `npm pack` of a folder; returns the tarball's path. Scripts are skipped: the build has run. */
function pack(dir) {
  const out = execFileSync(npm, ['pack', '--ignore-scripts', '--json', '--pack-destination', destination], { cwd: dir, encoding: 'utf8' })
  return join(destination, JSON.parse(out)[0].filename)
}

const staging = mkdtempSync(join(tmpdir(), 'dbridge-cli-pack-'))
try {
  cpSync(join(cliRoot, 'package.json'), join(staging, 'package.json'))
  cpSync(join(cliRoot, 'README.md'), join(staging, 'README.md'))
  for (const part of ['generator', 'runtime', 'schema']) cpSync(join(root, 'dist', part), join(staging, 'dist', part), { recursive: true })
  const tarballs = { runtime: pack(root), cli: pack(staging) }
  console.log(JSON.stringify(tarballs))
} finally {
  rmSync(staging, { recursive: true, force: true })
}

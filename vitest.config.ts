import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default defineConfig({
  resolve: {
    alias: [
      { find: /^dbridge$/, replacement: here('./runtime/index.ts') },
      { find: /^dbridge\/runtime$/, replacement: here('./runtime/support.ts') },
      { find: /^dbridge\/schema$/, replacement: here('./schema/index.ts') },
      { find: /^dbridge\/config$/, replacement: here('./generator/config.ts') },
      { find: /^dbridge-cli\/embedded$/, replacement: here('./generator/dev/embedded.ts') },
      { find: /^dbridge-cli\/testing$/, replacement: here('./generator/dev/testing.ts') },
      { find: /^dbridge\/testing$/, replacement: here('./runtime/testing.ts') },
    ],
  },
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    projects: [
      {
        // The SQL each call compiles to, read with toSQL(): no PostgreSQL, so no global
        // setup. Nothing there keeps state between files, so one worker loads the clients
        // once for all of them (npm run test:sql runs this project alone).
        extends: true,
        test: { name: 'sql', include: ['test/sql/**/*.test.ts'], pool: 'threads', isolate: false },
      },
      {
        // Everything else runs against a real server (DATABASE_URL, or an embedded one).
        extends: true,
        test: {
          name: 'db',
          include: ['test/**/*.test.ts'],
          exclude: ['test/sql/**'],
          globalSetup: ['test/support/global-setup.ts'],
        },
      },
    ],
  },
})

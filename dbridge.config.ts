import { defineConfig } from 'dbridge/config'

export default defineConfig({
  schema: ['examples/schema/**/*.schema.ts'],
  queries: ['examples/queries/**/*.sql'],
  out: 'generated',
  migrations: 'examples/migrations',
  databaseUrl: process.env.DATABASE_URL,
})

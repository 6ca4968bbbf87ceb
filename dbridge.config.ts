import { defineConfig } from 'dbridge/config'

export default defineConfig({
  schema: ['examples/schema/**/*.schema.ts'],
  out: 'generated',
  migrations: 'examples/migrations',
  databaseUrl: process.env.DATABASE_URL,
})

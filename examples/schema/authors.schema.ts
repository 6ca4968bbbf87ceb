import { table, t, enumType, index } from 'dbridge/schema'

export const authorStatus = enumType('author_status', ['active', 'retired'])

export const authors = table(
  'authors',
  {
    id: t.serial().primaryKey(),
    name: t.text().length({ min: 1, max: 200 }),
    bio: t.text().nullable(),
    email: t.text().unique().email(),
    status: t.enum(authorStatus).default('active'),
    website: t.text().url().nullable(),
    createdAt: t.timestamptz().defaultNow(),
  },
  (a) => [index(a.name)],
)

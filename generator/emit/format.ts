/**
 * prettier's options for the TypeScript dbridge writes: the layout the generator's own
 * printer reproduces (test/generator/prettier-oracle.test.ts checks every generated file
 * against prettier with them), and the formatting of `pull`'s schema files, which are
 * free-form and go through prettier itself.
 */
export const prettierOptions = {
  parser: 'babel-ts',
  semi: false,
  singleQuote: true,
  printWidth: 110,
  trailingComma: 'all',
} as const

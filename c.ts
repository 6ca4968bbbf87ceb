export interface X { a: 1 }
export const Y = 5
export type Z = number

/** Shapes of the jsonb columns of the example schema. */
export interface BookMeta {
  pages: number
  language: string
  awards?: string[]
}

export interface ShippingAddress {
  line1: string
  line2?: string
  city: string
  postalCode: string
  country: string
}

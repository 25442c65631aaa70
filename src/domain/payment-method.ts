/** How a warehouse order is paid, in Increff's words: cash on delivery, or paid already. */
export enum PaymentMethod {
  COD = 'COD',
  NCOD = 'NCOD',
}

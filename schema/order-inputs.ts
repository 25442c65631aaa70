import {
  ArrayMaxSize,
  ArrayMinSize,
  IsOptional,
  IsUrl,
  Length,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';
import { ArgsType, Field, ID, InputType, Int, registerEnumType } from 'type-graphql';
import { CancellationReason } from '../src/domain/cancellation-reason.js';
import { PaymentMethod } from '../src/domain/payment-method.js';
import { CountryCode } from './scalars.js';

export { CancellationReason, PaymentMethod };

registerEnumType(CancellationReason, {
  name: 'CancellationReason',
  description:
    'Why an order is cancelled: Fruugo’s documented reasons. noon can only cancel lines as out of stock; Increff and ' +
    'Marketplacer record the reason with the cancellation.',
});

registerEnumType(PaymentMethod, {
  name: 'PaymentMethod',
  description: 'Increff’s payment methods: cash on delivery, or paid already.',
});

/** Decimal amounts as marketplaces take them: up to three decimals, no exponent. */
const DECIMAL = /^\d{1,12}(\.\d{1,3})?$/;

/** A bound on one mutation: far above any real order, low enough that a mistake cannot flood a marketplace. */
export const MAX_ITEMS_PER_UPDATE = 10_000;

@InputType({ description: 'Some units of one order line.' })
export class OrderLineQuantityInput {
  @Field(() => ID, {
    description:
      'The line’s `id` (`OrderLine.id`, which names its order), e.g. `NOON:NFBO100000150/lines/NI0000000001`.',
  })
  // An order id (at most 136 characters), `/lines/` and a line's own id (at most 512): its shape is checked after.
  @Length(1, 700)
  lineId!: string;

  @Field(() => Int)
  @Min(1)
  @Max(100_000)
  quantity!: number;
}

@ArgsType()
export class CancelOrderArgs {
  @Field(() => ID)
  @Length(3, 300)
  id!: string;

  @Field(() => CancellationReason)
  reason!: CancellationReason;

  @Field(() => [OrderLineQuantityInput], {
    nullable: true,
    description: 'The lines to cancel; the whole order when omitted.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  lines?: OrderLineQuantityInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'Shown to the customer where the marketplace supports it (Fruugo).',
  })
  @IsOptional()
  @Length(1, 2000)
  messageToCustomer?: string | null;
}

@InputType()
export class ShipOrderInput {
  @Field(() => [OrderLineQuantityInput], {
    nullable: true,
    description: 'The lines shipped; every line not yet shipped when omitted.',
  })
  @IsOptional()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  lines?: OrderLineQuantityInput[] | null;

  @Field(() => String, {
    nullable: true,
    description: 'The carrier. For noon, omit it to ship with noon logistics (an AWB is fetched).',
  })
  @IsOptional()
  @Length(1, 100)
  carrier?: string | null;

  @Field(() => String, { nullable: true, description: 'The airway bill or tracking number.' })
  @IsOptional()
  @Length(1, 100)
  trackingNumber?: string | null;

  @Field(() => String, { nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true })
  trackingUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Your own shipment number (noon: integration_shipment_nr); generated when omitted.',
  })
  @IsOptional()
  @Length(1, 64)
  shipmentNumber?: string | null;
}

@InputType()
export class FulfilmentOrderInput {
  @Field(() => ID, { description: 'The order to fulfil, from any marketplace, e.g. NOON:NFBO1000001.' })
  @Length(3, 300)
  orderId!: string;

  @Field(() => String, {
    nullable: true,
    description: 'The Increff location to fulfil from; the configured default, or Increff routes it.',
  })
  @IsOptional()
  @Length(1, 64)
  locationCode?: string | null;

  @Field(() => PaymentMethod, { defaultValue: PaymentMethod.NCOD })
  paymentMethod!: PaymentMethod;
}

@InputType({ description: 'The stock a SKU has in the FBPI warehouse.' })
export class StockUpdateInput {
  @Field()
  @Length(1, 128)
  sku!: string;

  @Field(() => Int, { description: 'Absolute units available (not a change).' })
  @Min(0)
  @Max(1_000_000)
  quantity!: number;

  @Field(() => Int, { nullable: true, description: 'Days the warehouse needs before it ships.' })
  @IsOptional()
  @Min(0)
  @Max(60)
  processingTimeDays?: number | null;
}

@InputType({ description: 'A SKU’s price in one country, in that country’s currency.' })
export class PriceUpdateInput {
  @Field()
  @Length(1, 128)
  sku!: string;

  @Field(() => CountryCode)
  country!: string;

  @Field({ description: 'Decimal, e.g. "149.00".' })
  @Matches(DECIMAL, { message: 'price must be a decimal like 149.00' })
  price!: string;

  @Field(() => String, { nullable: true, description: 'The recommended retail price shown struck through.' })
  @IsOptional()
  @Matches(DECIMAL, { message: 'msrp must be a decimal like 199.00' })
  msrp?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'false takes the offer off sale.' })
  @IsOptional()
  active?: boolean | null;
}

@ArgsType()
export class UpdateStockArgs {
  @Field(() => [StockUpdateInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_PER_UPDATE)
  @ValidateNested({ each: true })
  items!: StockUpdateInput[];
}

@ArgsType()
export class UpdatePriceArgs {
  @Field(() => [PriceUpdateInput])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_PER_UPDATE)
  @ValidateNested({ each: true })
  items!: PriceUpdateInput[];
}

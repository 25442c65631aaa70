import { ArrayMaxSize, ArrayMinSize, Length, Max, Min, ValidateNested } from 'class-validator';
import { ArgsType, Field, ID, InputType, Int } from 'type-graphql';
import type { InboundScheduleRequest, TimeSlot as DomainTimeSlot } from '../src/domain/inbound-schedule.js';
import type { InboundItemQuantity, NewInboundShipment } from '../src/domain/inbound-shipment.js';
import { InboundShipmentType, StorageType } from './inbound-shipment.js';
import { CountryCode, LocalDate, LocalTime } from './scalars.js';

/** A safety bound on one mutation, far above any real ASN; noon itself sets no total. */
export const MAX_ITEMS_PER_MUTATION = 50_000;

@InputType()
export class CreateInboundShipmentInput implements NewInboundShipment {
  @Field({ description: "The partner's own reference. Creating again with the same one returns the same ASN." })
  @Length(1, 64)
  externalReference!: string;

  @Field(() => CountryCode, { description: 'An ASN serves one country; create one per country.' })
  country!: string;

  @Field(() => InboundShipmentType, { defaultValue: InboundShipmentType.FBN_GLOBAL })
  shipmentType!: InboundShipmentType;
}

@InputType()
export class InboundShipmentItemInput implements InboundItemQuantity {
  @Field()
  @Length(1, 128)
  partnerSku!: string;

  @Field(() => Int, { description: 'The quantity the ASN should hold (replaces any earlier one).' })
  @Min(1)
  @Max(1_000_000)
  quantity!: number;

  @Field(() => StorageType, { defaultValue: StorageType.NON_BULKY })
  storageType!: StorageType;
}

@InputType()
export class TimeSlotInput implements DomainTimeSlot {
  @Field(() => LocalTime)
  start!: string;

  @Field(() => LocalTime)
  end!: string;
}

@InputType()
export class ScheduleInboundShipmentInput implements InboundScheduleRequest {
  @Field(() => ID)
  @Length(1, 64)
  asnNumber!: string;

  @Field({ description: 'A warehouse from inboundSlotAvailability.' })
  @Length(1, 64)
  warehouseCode!: string;

  @Field(() => LocalDate)
  date!: string;

  @Field(() => TimeSlotInput)
  @ValidateNested()
  slot!: TimeSlotInput;
}

@ArgsType()
export class SetInboundShipmentItemsArgs {
  @Field(() => ID)
  @Length(1, 64)
  asnNumber!: string;

  @Field(() => [InboundShipmentItemInput], {
    description: `Any number of items (up to ${MAX_ITEMS_PER_MUTATION}); sent to noon in calls of at most 1,000.`,
  })
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_PER_MUTATION)
  @ValidateNested({ each: true })
  items!: InboundShipmentItemInput[];
}

@ArgsType()
export class RemoveInboundShipmentItemsArgs {
  @Field(() => ID)
  @Length(1, 64)
  asnNumber!: string;

  @Field(() => [String])
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS_PER_MUTATION)
  @Length(1, 128, { each: true })
  partnerSkus!: string[];
}

import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import type {
  InboundSlotDay as DomainInboundSlotDay,
  InboundWarehouse as DomainInboundWarehouse,
  InboundWarehouseAvailability as DomainInboundWarehouseAvailability,
  TimeSlot as DomainTimeSlot,
} from '../src/domain/inbound-schedule.js';
import {
  InboundShipmentStatus,
  InboundShipmentType,
  StorageType,
  type InboundEligibleItem as DomainInboundEligibleItem,
  type InboundItemFailure as DomainInboundItemFailure,
  type InboundShipment as DomainInboundShipment,
  type InboundShipmentItem as DomainInboundShipmentItem,
  type InboundShipmentItemsResult as DomainInboundShipmentItemsResult,
} from '../src/domain/inbound-shipment.js';
import { Connection } from './connection.js';
import { Entity } from './entity.js';
import { Marketplace } from './marketplace.js';
import { CountryCode, DateTime, LocalDate, LocalTime } from './scalars.js';

registerEnumType(InboundShipmentStatus, {
  name: 'InboundShipmentStatus',
  description: 'Where an ASN is in its life in noon FBN.',
  valuesConfig: {
    CREATED: { description: 'Draft: items can be added, changed or removed.' },
    SEALED: { description: 'Items locked; ready to be scheduled.' },
    SCHEDULED: { description: 'A warehouse slot is booked; awaiting delivery.' },
    RECEIVING: { description: 'The warehouse is receiving the goods.' },
    INBOUNDED: { description: 'Goods fully received and put away.' },
    CANCELLED: { description: 'Cancelled by the partner. Final.' },
    EXPIRED: { description: 'Not sealed or scheduled in time. Final.' },
  },
});

registerEnumType(InboundShipmentType, {
  name: 'InboundShipmentType',
  valuesConfig: { FBN_GLOBAL: { description: 'The type noon asks ERP integrations to use.' } },
});

registerEnumType(StorageType, {
  name: 'StorageType',
  description: 'Bulky and non-bulky items never share an ASN.',
});

@ObjectType({ description: "A delivery window, in the warehouse's local time." })
export class TimeSlot implements DomainTimeSlot {
  @Field(() => LocalTime)
  start!: string;

  @Field(() => LocalTime)
  end!: string;
}

@ObjectType({ description: 'An item of an ASN.' })
export class InboundShipmentItem implements DomainInboundShipmentItem {
  @Field({ description: "The partner's own SKU." })
  partnerSku!: string;

  @Field({ description: "noon's SKU for the item." })
  sku!: string;

  @Field()
  title!: string;

  @Field(() => Int)
  quantity!: number;

  @Field(() => StorageType)
  storageType!: StorageType;

  @Field(() => String, { nullable: true })
  imageUrl!: string | null;
}

@ObjectType()
export class InboundShipmentItemConnection extends Connection(InboundShipmentItem) {}

@ObjectType({ description: 'An FBN inbound shipment (ASN): stock on its way into a noon warehouse.' })
@Entity({ key: 'asnNumber', query: 'inboundShipment' })
export class InboundShipment implements DomainInboundShipment {
  @Field(() => ID, { description: "noon's ASN number." })
  asnNumber!: string;

  @Field(() => Marketplace, { description: 'Always NOON: FBN is noon’s fulfilment network.' })
  marketplace!: Marketplace;

  @Field({ description: "The partner's own reference; unique per shipment type." })
  externalReference!: string;

  @Field(() => InboundShipmentType)
  shipmentType!: InboundShipmentType;

  @Field(() => CountryCode)
  country!: string;

  @Field(() => InboundShipmentStatus)
  status!: InboundShipmentStatus;

  @Field(() => String, { nullable: true, description: 'The warehouse code, once scheduled.' })
  destinationWarehouse!: string | null;

  @Field(() => LocalDate, { nullable: true, description: "The delivery day, in the warehouse's calendar." })
  scheduledDate!: string | null;

  @Field(() => TimeSlot, { nullable: true })
  scheduledSlot!: TimeSlot | null;

  @Field(() => String, { nullable: true, description: "noon's delivery type, once scheduled." })
  deliveryType!: string | null;

  @Field(() => Int, { description: 'Units announced, over all items.' })
  expectedQuantity!: number;

  @Field(() => Int, { description: 'Units the warehouse has received.' })
  receivedQuantity!: number;

  @Field(() => Int, { description: 'Units the warehouse has put away.' })
  putAwayQuantity!: number;

  @Field(() => Int, { description: 'Distinct SKUs in the ASN.' })
  skuCount!: number;

  @Field(() => DateTime)
  createdAt!: Date;

  @Field(() => DateTime)
  updatedAt!: Date;
}

@ObjectType()
export class InboundShipmentConnection extends Connection(InboundShipment) {}

@ObjectType({ description: 'A catalog item that may be sent to an FBN warehouse (mapped barcode, title and image).' })
export class InboundEligibleItem implements DomainInboundEligibleItem {
  @Field()
  partnerSku!: string;

  @Field()
  sku!: string;

  @Field()
  title!: string;

  @Field()
  barcode!: string;

  @Field()
  imageUrl!: string;

  @Field(() => StorageType)
  storageType!: StorageType;
}

@ObjectType()
export class InboundEligibleItemConnection extends Connection(InboundEligibleItem) {}

@ObjectType({ description: 'An FBN warehouse that takes inbound deliveries.' })
export class InboundWarehouse implements DomainInboundWarehouse {
  @Field()
  code!: string;

  @Field()
  name!: string;

  @Field()
  address!: string;

  @Field()
  city!: string;

  @Field()
  latitude!: number;

  @Field()
  longitude!: number;
}

@ObjectType({ description: 'The free delivery slots of one day.' })
export class InboundSlotDay implements DomainInboundSlotDay {
  @Field(() => LocalDate)
  date!: string;

  @Field(() => [TimeSlot])
  slots!: TimeSlot[];
}

@ObjectType({ description: 'Where and when an ASN can be delivered.' })
export class InboundWarehouseAvailability implements DomainInboundWarehouseAvailability {
  @Field(() => InboundWarehouse)
  warehouse!: InboundWarehouse;

  @Field(() => [InboundSlotDay])
  days!: InboundSlotDay[];
}

@ObjectType({ description: 'An item the marketplace did not take, and why.' })
export class InboundItemFailure implements DomainInboundItemFailure {
  @Field()
  partnerSku!: string;

  @Field({ description: "The marketplace's code, e.g. PARTNER_SKU_NOT_FOUND or NO_MAPPED_PBARCODE." })
  code!: string;

  @Field()
  message!: string;
}

@ObjectType({ description: 'The outcome of changing many items: the ASN after the change, and each item refused.' })
export class InboundShipmentItemsResult implements DomainInboundShipmentItemsResult {
  @Field(() => InboundShipment)
  shipment!: InboundShipment;

  @Field(() => Int, { description: 'Items applied.' })
  appliedCount!: number;

  @Field(() => [InboundItemFailure], {
    description: 'Items not applied, each with its reason. Empty when all went in.',
  })
  failures!: InboundItemFailure[];
}

/** The domain's enums, registered above: importing them from here is what puts them in the schema. */
export { InboundShipmentStatus, InboundShipmentType, StorageType };

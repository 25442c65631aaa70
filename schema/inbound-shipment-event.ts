import { Field, ID, ObjectType } from 'type-graphql';
import { InboundShipmentStatus } from './inbound-shipment.js';
import { DateTime } from './scalars.js';

@ObjectType({
  description: 'An ASN moved through noon’s inbound steps; `inboundShipment(asnNumber:)` reads all of it.',
})
export class InboundShipmentEvent {
  @Field(() => ID)
  asnNumber!: string;

  @Field({ description: 'The mutation that moved it, e.g. `sealInboundShipment`.' })
  action!: string;

  @Field(() => InboundShipmentStatus, { description: 'Its status after the move.' })
  status!: InboundShipmentStatus;

  @Field(() => DateTime)
  occurredAt!: Date;
}

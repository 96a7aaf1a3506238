// Test fixture (not part of the public API): a state-stored aggregate mapped with MikroORM.
import { DomainEvent, StateStoredAggregateRoot } from '@cqrs-ddd/core';
import { EntitySchema, type EntitySchemaMetadata } from '@mikro-orm/core';

export class CustomerRegistered extends DomainEvent {
  static readonly type = 'customer.registered';
  constructor(
    readonly customerId: string,
    readonly name: string,
  ) {
    super();
  }
}

export class CustomerRenamed extends DomainEvent {
  static readonly type = 'customer.renamed';
  constructor(
    readonly customerId: string,
    readonly name: string,
  ) {
    super();
  }
}

export class CustomerPinged extends DomainEvent {
  static readonly type = 'customer.pinged';
}

export const CUSTOMER_EVENTS = [CustomerRegistered, CustomerRenamed, CustomerPinged];

export class Customer extends StateStoredAggregateRoot {
  static readonly aggregateType = 'Customer';
  id!: string;
  name!: string;

  static register(id: string, name: string): Customer {
    const customer = new Customer();
    customer.id = id;
    customer.name = name;
    customer.record(new CustomerRegistered(id, name));
    return customer;
  }

  rename(name: string): void {
    this.name = name;
    this.record(new CustomerRenamed(this.id, name));
  }

  /** Records an event without changing any column. */
  ping(): void {
    this.record(new CustomerPinged());
  }

  /** Records an event of a class that is not registered, to make the append fail. */
  recordUnregistered(event: DomainEvent): void {
    this.record(event);
  }
}

// The mapped type would also demand the base class's getters; only columns are mapped here.
export const CustomerSchema = new EntitySchema<Customer>({
  class: Customer,
  tableName: 'customers',
  properties: {
    id: { type: 'string', primary: true },
    name: { type: 'string' },
    version: { type: 'integer', version: true },
  },
} as unknown as EntitySchemaMetadata<Customer>);

/** Injection token of the outbox's engine and relays (`OutboxRelays`). */
export const OUTBOX_RELAYS = Symbol('cqrs-ddd:OUTBOX_RELAYS');

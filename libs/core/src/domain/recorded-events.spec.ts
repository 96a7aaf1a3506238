import { describe, expect, it } from '@jest/globals';
import { isInvalidEventClassError } from '../errors/invalid-event-class.error.js';
import { DomainEvent } from './domain-event.js';
import { clearPendingEvents, pendingEventsOf, recordEvent } from './recorded-events.js';

class Renamed extends DomainEvent {
  static readonly type = 'thing.renamed';
  constructor(readonly name: string) {
    super();
  }
}

describe('recorded events', () => {
  it('records on any object without adding visible fields', () => {
    const entity = { id: 'x', name: 'a' };
    recordEvent(entity, new Renamed('b'));
    recordEvent(entity, new Renamed('c'));
    expect(pendingEventsOf(entity).map((e) => (e as Renamed).name)).toEqual(['b', 'c']);
    expect(Object.keys(entity)).toEqual(['id', 'name']);
    expect(JSON.stringify(entity)).toBe('{"id":"x","name":"a"}');
    expect(entity).toEqual({ id: 'x', name: 'a' });
    expect(structuredClone(entity)).toEqual({ id: 'x', name: 'a' });
  });

  it('clears and returns read-only copies', () => {
    const entity = {};
    expect(pendingEventsOf(entity)).toEqual([]);
    clearPendingEvents(entity);
    recordEvent(entity, new Renamed('b'));
    expect(() => (pendingEventsOf(entity) as DomainEvent[]).pop()).toThrow(TypeError);
    clearPendingEvents(entity);
    expect(pendingEventsOf(entity)).toEqual([]);
    recordEvent(entity, new Renamed('c'));
    expect(pendingEventsOf(entity)).toHaveLength(1);
  });

  it('refuses events without a stable type', () => {
    class Untyped extends DomainEvent {}
    let error: unknown;
    try {
      recordEvent({}, new Untyped());
    } catch (caught) {
      error = caught;
    }
    expect(isInvalidEventClassError(error)).toBe(true);
  });
});

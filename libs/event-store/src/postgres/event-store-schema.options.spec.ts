import { describe, expect, it } from '@jest/globals';
import { eventStoreSchemaNames } from './event-store-schema.options.js';

describe('eventStoreSchemaNames', () => {
  it('defaults to the public schema and the cqrs_ prefix, quoting every name', () => {
    expect(eventStoreSchemaNames()).toMatchObject({
      schema: 'public',
      tablePrefix: 'cqrs_',
      streams: '"public"."cqrs_streams"',
      messages: '"public"."cqrs_messages"',
      snapshots: '"public"."cqrs_snapshots"',
      migrations: '"public"."cqrs_schema_migrations"',
      appendFunction: '"public"."cqrs_append_to_stream"',
      appendManyFunction: '"public"."cqrs_append_to_streams"',
      archiveFunction: '"public"."cqrs_archive_stream"',
      channel: 'public.cqrs_messages',
    });
  });

  it('derives names, channel and lock key from schema and prefix', () => {
    const names = eventStoreSchemaNames({ schema: 'events', tablePrefix: '' });
    expect(names.messages).toBe('"events"."messages"');
    expect(names.channel).toBe('events.messages');
    expect(names.lockClass).toBe(
      eventStoreSchemaNames({ schema: 'events', tablePrefix: '' }).lockClass,
    );
    expect(names.lockClass).not.toBe(eventStoreSchemaNames().lockClass);
    expect(Number.isInteger(names.lockClass) && names.lockClass >= 0).toBe(true);
  });

  it('keeps the channel within PostgreSQL identifier length', () => {
    const names = eventStoreSchemaNames({ schema: 's'.repeat(63), tablePrefix: 'p_' });
    expect(names.channel).toHaveLength(63);
  });

  it.each([
    [{ schema: '' }, 'schema'],
    [{ schema: 'Upper' }, 'schema'],
    [{ schema: 'a-b' }, 'schema'],
    [{ tablePrefix: '9_' }, 'tablePrefix'],
    [{ tablePrefix: 'x'.repeat(36) }, 'tablePrefix'],
  ])('rejects %j with a ValidationError on %s', (options, path) => {
    expect(() => eventStoreSchemaNames(options)).toThrow(
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        issues: [expect.objectContaining({ path })],
      }),
    );
  });
});

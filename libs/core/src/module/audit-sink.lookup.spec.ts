import { describe, expect, it } from '@jest/globals';
import { Injectable, Module } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Test } from '@nestjs/testing';
import { InMemoryAuditSink } from '../adapters/memory/in-memory-audit-sink.adapter.js';
import { AuditSink } from '../ports/audit-sink.port.js';
import { lookUpAuditSink } from './audit-sink.lookup.js';

@Injectable()
class Consumer {
  constructor(readonly moduleRef: ModuleRef) {}
}

const sink = new InMemoryAuditSink();

/** Provides the sink without exporting it: only a whole-app look-up finds it. */
@Module({ providers: [{ provide: AuditSink, useValue: sink }] })
class AuditingModule {}

@Module({ providers: [Consumer], exports: [Consumer] })
class ConsumerModule {}

describe('lookUpAuditSink', () => {
  it('finds the AuditSink of another, non-global module of the app', async () => {
    const app = await Test.createTestingModule({
      imports: [AuditingModule, ConsumerModule],
    }).compile();
    expect(lookUpAuditSink(app.get(Consumer).moduleRef)).toBe(sink);
    await app.close();
  });

  it('answers undefined when the app provides no AuditSink, or without a ModuleRef', async () => {
    const app = await Test.createTestingModule({ imports: [ConsumerModule] }).compile();
    expect(lookUpAuditSink(app.get(Consumer).moduleRef)).toBeUndefined();
    expect(lookUpAuditSink(undefined)).toBeUndefined();
    await app.close();
  });
});

import {
  CqrsDddModule,
  EventStore,
  InMemoryEventStore,
  type PipelineContext,
  runInContext,
  StorageTargets,
  type StorageTarget,
} from '@cqrs-ddd/core';
import { beforeEach, describe, expect, it } from '@jest/globals';
import { CommandBus } from '@nestjs/cqrs';
import { Test } from '@nestjs/testing';
import { TenantContext } from '../context/tenant-context.service.js';
import { InvalidTenantIdError } from '../errors/invalid-tenant-id.error.js';
import { TenantRequiredError } from '../errors/tenant-required.error.js';
import { TenantSuspendedError } from '../errors/tenant-suspended.error.js';
import { UnknownTenantError } from '../errors/unknown-tenant.error.js';
import {
  PlaceOrder,
  PlaceOrderHandler,
  type Seen,
} from '../module/multitenancy-test-app.fixture.js';
import { MultitenancyModule } from '../module/multitenancy.module.js';
import { InMemoryTenantRegistry } from '../registry/in-memory-tenant.registry.js';
import type { Tenant } from '../registry/tenant.js';
import { TenantSessionBinder } from '../session/tenant-session.binder.js';
import { TenancyStep } from './tenancy.step.js';
import { TenantAgnostic } from './tenant-agnostic.decorator.js';

class Charge {}
@TenantAgnostic()
class ProvisionTenant {}
class ProvisionTenantTwice extends ProvisionTenant {}

/** Records the tenants it bound, and whether `next` ran inside. */
class RecordingBinder extends TenantSessionBinder {
  readonly bound: string[] = [];
  async run<T>(tenant: Tenant, work: () => Promise<T>): Promise<T> {
    this.bound.push(`enter:${tenant.id}`);
    try {
      return await work();
    } finally {
      this.bound.push(`leave:${tenant.id}`);
    }
  }
}

class RecordingStorageTargets extends StorageTargets {
  readonly prepared: string[] = [];
  current(): StorageTarget {
    return { key: 'shared' };
  }
  async prepare(tenantId: string): Promise<StorageTarget> {
    this.prepared.push(tenantId);
    return { key: 'shared' };
  }
  async dedicated(): Promise<readonly StorageTarget[]> {
    return [];
  }
  onAdded(): () => void {
    return () => undefined;
  }
}

const contextOf = (message: object): PipelineContext => ({
  kind: 'command',
  message,
  messageType: message.constructor.name,
  messageId: 'm-1',
  correlationId: 'c-1',
  causationId: undefined,
  attempt: 1,
  metadata: {},
});

describe('TenancyStep', () => {
  let registry: InMemoryTenantRegistry;
  let binder: RecordingBinder;
  let targets: RecordingStorageTargets;
  const step = (required = true, storage: StorageTargets | undefined = targets) =>
    new TenancyStep(registry, binder, { required }, storage);
  const handled = async () => 'handled';

  beforeEach(() => {
    registry = new InMemoryTenantRegistry({
      tenants: [
        { id: 'acme', name: 'Acme', isolation: 'shared' },
        { id: 'initech', name: 'Initech', isolation: 'shared', status: 'suspended' },
      ],
    });
    binder = new RecordingBinder();
    targets = new RecordingStorageTargets();
  });

  it('prepares the storage target and runs the rest inside the session binder', async () => {
    const inside: string[] = [];
    const result = await runInContext({ tenantId: 'acme' }, () =>
      step().handle(contextOf(new Charge()), async () => {
        inside.push(...binder.bound);
        return 'handled';
      }),
    );
    expect(result).toBe('handled');
    expect(targets.prepared).toEqual(['acme']);
    expect(inside).toEqual(['enter:acme']);
    expect(binder.bound).toEqual(['enter:acme', 'leave:acme']);
    await expect(
      runInContext({ tenantId: 'acme' }, () =>
        step(true, undefined).handle(contextOf(new Charge()), handled),
      ),
    ).resolves.toBe('handled');
  });

  it('refuses a message without tenant, naming it', async () => {
    const error = await runInContext({}, () =>
      step().handle(contextOf(new Charge()), handled),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TenantRequiredError);
    expect((error as Error).message).toContain('The command "Charge" needs a tenant');
    await expect(step().handle(contextOf(new Charge()), handled)).rejects.toBeInstanceOf(
      TenantRequiredError,
    );
    expect(binder.bound).toEqual([]);
  });

  it('lets @TenantAgnostic messages (and subclasses) and optional tenancy through, unbound', async () => {
    await expect(step().handle(contextOf(new ProvisionTenant()), handled)).resolves.toBe('handled');
    await expect(step().handle(contextOf(new ProvisionTenantTwice()), handled)).resolves.toBe(
      'handled',
    );
    await expect(step(false).handle(contextOf(new Charge()), handled)).resolves.toBe('handled');
    expect(binder.bound).toEqual([]);
    expect(targets.prepared).toEqual([]);
  });

  it('checks a present tenant, even for @TenantAgnostic messages', async () => {
    const run = (tenantId: string, message: object) =>
      runInContext({ tenantId }, () => step().handle(contextOf(message), handled));
    await expect(run('initech', new Charge())).rejects.toBeInstanceOf(TenantSuspendedError);
    await expect(run('umbrella', new Charge())).rejects.toBeInstanceOf(UnknownTenantError);
    await expect(run('Not/Valid', new Charge())).rejects.toBeInstanceOf(InvalidTenantIdError);
    await expect(run('initech', new ProvisionTenant())).rejects.toBeInstanceOf(
      TenantSuspendedError,
    );
    expect(binder.bound).toEqual([]);
  });

  it('joins the CqrsDddModule pipeline: events appended by a command carry metadata.tenantId', async () => {
    const events = new InMemoryEventStore();
    const moduleRef = await Test.createTestingModule({
      imports: [
        CqrsDddModule.forRoot({ context: { http: false }, pipeline: { logging: false } }),
        MultitenancyModule.forRoot({
          tenants: [{ id: 'acme', name: 'Acme', isolation: 'shared' }],
        }),
      ],
      providers: [{ provide: EventStore, useValue: events }, PlaceOrderHandler],
    }).compile();
    await moduleRef.init();
    try {
      const seen = await moduleRef
        .get(TenantContext)
        .run('acme', () =>
          moduleRef.get(CommandBus).execute<PlaceOrder, Seen>(new PlaceOrder('o-1')),
        );
      expect(seen).toEqual({ tenantId: 'acme', eventTenantId: 'acme' });
      const [stored] = await events.readAll();
      expect(stored?.metadata.tenantId).toBe('acme');
      await expect(moduleRef.get(CommandBus).execute(new PlaceOrder('o-2'))).rejects.toBeInstanceOf(
        TenantRequiredError,
      );
      expect(await events.readAll()).toHaveLength(1);
    } finally {
      await moduleRef.close();
    }
  });
});

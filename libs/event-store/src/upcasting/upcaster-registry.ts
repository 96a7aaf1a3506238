import type { StoredEvent } from '@cqrs-ddd/core';
import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { InvalidUpcasterError } from '../errors/invalid-upcaster.error.js';
import type { EventStoreModuleOptions } from '../module/event-store-module.options.js';
import { EVENT_STORE_MODULE_OPTIONS } from '../module/event-store.module-definition.js';
import type { EventUpcaster, EventUpcasting } from './event-upcaster.js';
import { UpcasterChain, type ChainedUpcaster } from './upcaster-chain.js';
import { UpcasterDiscovery } from './upcaster.decorator.js';

/**
 * The application's upcasters: the module's `upcasters` and `aliases` options plus every
 * `@Upcaster()` provider, found with `DiscoveryService` and validated at start-up. Inject it to
 * read raw log events at their current schema (processors reading `EventStore.readAll`).
 */
@Injectable()
export class UpcasterRegistry implements EventUpcasting, OnModuleInit {
  private chain?: UpcasterChain;

  constructor(
    @Inject(EVENT_STORE_MODULE_OPTIONS) private readonly options: EventStoreModuleOptions,
    private readonly discovery: DiscoveryService,
  ) {}

  onModuleInit(): void {
    this.resolve();
  }

  upcast(event: StoredEvent): StoredEvent {
    return this.resolve().upcast(event);
  }

  // Also built on first use, for reads made before the module's init hook ran.
  private resolve(): UpcasterChain {
    this.chain ??= new UpcasterChain(
      [...this.configured(), ...this.discovered()],
      this.options.aliases ?? {},
    );
    return this.chain;
  }

  private configured(): ChainedUpcaster[] {
    return (this.options.upcasters ?? []).map((definition, index) => ({
      type: definition.type,
      from: definition.from,
      to: definition.to,
      upcaster: definition,
      source: `options.upcasters[${index}]`,
    }));
  }

  private discovered(): ChainedUpcaster[] {
    // The same class provided by several modules (e.g. two forFeature calls) counts once.
    const wrappers = new Map(
      this.discovery
        .getProviders({ metadataKey: UpcasterDiscovery.KEY })
        .map((wrapper) => [wrapper.metatype ?? wrapper, wrapper]),
    );
    return [...wrappers.values()].map((wrapper) => {
      const metadata = this.discovery.getMetadataByDecorator(UpcasterDiscovery, wrapper);
      const instance = wrapper.instance as Partial<EventUpcaster<object, object>> | undefined;
      if (
        !metadata ||
        !wrapper.isDependencyTreeStatic() ||
        typeof instance?.upcast !== 'function'
      ) {
        throw new InvalidUpcasterError(
          `@Upcaster() provider ${wrapper.name}`,
          'it must be a singleton provider with an upcast(data, event) method.',
        );
      }
      return {
        ...metadata,
        upcaster: instance as EventUpcaster<object, object>,
        source: wrapper.name,
      };
    });
  }
}

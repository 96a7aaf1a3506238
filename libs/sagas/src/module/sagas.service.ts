import type { ProcessorStatus } from '@cqrs-ddd/projections';
import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  type OnApplicationBootstrap,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { SagaEngine } from '../saga/saga-engine.js';
import { type SagaClass, SagaDiscovery } from '../saga/saga.decorator.js';
import type { SagasModuleOptions } from './sagas-module.options.js';
import { SAGAS_MODULE_OPTIONS } from './sagas.module-definition.js';
import { SAGA_ENGINE } from './sagas.tokens.js';

/**
 * The sagas of the application: registers the class-form sagas (`@Saga()` providers) next to
 * the builder-form ones of the options, starts their processors and the command dispatcher with
 * the application (unless `autoStart` is off), and stops them — after the running batch and the
 * command being dispatched — before the connection pools close.
 */
@Injectable()
export class SagasService
  implements OnModuleInit, OnApplicationBootstrap, BeforeApplicationShutdown
{
  constructor(
    @Inject(SAGAS_MODULE_OPTIONS) private readonly options: SagasModuleOptions,
    @Inject(SAGA_ENGINE) private readonly engine: SagaEngine,
    private readonly discovery: DiscoveryService,
  ) {}

  /** Registers every `@Saga()` provider's definition. */
  onModuleInit(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: SagaDiscovery.KEY })) {
      const instance = wrapper.instance as SagaClass | undefined;
      if (instance && typeof instance.define === 'function')
        this.engine.register(instance.define());
    }
  }

  /** Starts the sagas unless `autoStart` is off. */
  onApplicationBootstrap(): void {
    if (this.options.autoStart ?? true) this.start();
  }

  /** Stops the sagas before the pools close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /** Starts every saga's processor and the dispatcher. */
  start(): void {
    this.engine.start();
  }

  /** Stops them gracefully. */
  stop(): Promise<void> {
    return this.engine.stop();
  }

  /** Names of the registered sagas. */
  names(): string[] {
    return this.engine.runtime.names();
  }

  /** Status, checkpoint and lag of the processor of saga `name` (`undefined` when unknown). */
  async status(name: string): Promise<ProcessorStatus | undefined> {
    return this.engine.handle(name)?.status();
  }

  /** Dispatches the commands due now in this process (e.g. in tests), resolving how many. */
  dispatchDue(): Promise<number> {
    return this.engine.dispatcher.dispatchDue();
  }
}

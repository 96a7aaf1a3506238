import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { JobHandlerDiscovery } from '../../jobs/job-handler.decorator.js';
import type { JobHandlerInstance } from '../../jobs/job.types.js';
import { JobWorker } from '../../jobs/job.worker.js';
import { ScheduledCommandWorker } from '../scheduled-command.worker.js';
import { SchedulingConfigurationError } from '../scheduling-configuration.error.js';
import type { SchedulingModuleOptions } from './scheduling-module.options.js';
import { SCHEDULING_MODULE_OPTIONS } from './scheduling.module-definition.js';
import { SCHEDULING_JOB_HANDLERS } from './scheduling.tokens.js';

/**
 * Starts the workers when the app has started (unless `autoStart` is false) and stops them on
 * shutdown, waiting for the commands and jobs in flight. Finds the `@JobHandler()` providers.
 */
@Injectable()
export class SchedulingLifecycle implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('SchedulingModule');

  constructor(
    @Inject(SCHEDULING_MODULE_OPTIONS) private readonly options: SchedulingModuleOptions,
    @Inject(SCHEDULING_JOB_HANDLERS) private readonly handlers: Map<string, JobHandlerInstance>,
    private readonly discovery: DiscoveryService,
    private readonly commandWorker: ScheduledCommandWorker,
    private readonly jobWorker: JobWorker,
  ) {}

  onApplicationBootstrap(): void {
    for (const wrapper of this.discovery.getProviders({ metadataKey: JobHandlerDiscovery.KEY })) {
      const name = this.discovery.getMetadataByDecorator(JobHandlerDiscovery, wrapper);
      const instance = wrapper.instance as JobHandlerInstance | undefined;
      if (!name || !instance) continue;
      if (typeof instance.handle !== 'function') {
        throw new SchedulingConfigurationError(
          `@JobHandler('${name}') ${wrapper.name}: the class must have a handle(payload, job) method.`,
        );
      }
      const existing = this.handlers.get(name);
      if (existing && existing !== instance) {
        throw new SchedulingConfigurationError(
          `Two @JobHandler('${name}') providers: ${existing.constructor.name} and ${wrapper.name}.`,
        );
      }
      this.handlers.set(name, instance);
    }
    if (this.options.worker?.autoStart ?? true) this.commandWorker.start();
    if (this.options.jobs?.autoStart ?? true) this.jobWorker.start();
    this.logger.log(`Scheduling started with ${this.handlers.size} job handler(s)`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all([this.commandWorker.stop(), this.jobWorker.stop()]);
  }
}

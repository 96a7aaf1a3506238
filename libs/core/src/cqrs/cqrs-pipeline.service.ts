import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { installPipeline, uninstallPipeline } from './bus-pipeline.js';
import { sortPipelineSteps } from './pipeline-composer.js';
import type {
  PipelineStepDefinition,
  PipelineStepHandler,
  PipelineStepMetadata,
} from './pipeline-step.js';
import { PipelineStepDiscovery } from './pipeline-step.decorator.js';
import { CQRS_PIPELINE_STEPS } from './pipeline-steps.token.js';

/**
 * Installs the command/query pipeline on the app's `CommandBus` and `QueryBus` when the
 * module initialises: the configured steps plus every `@PipelineStep()` provider of the app,
 * sorted by order. Users keep calling `CommandBus.execute` / `QueryBus.execute`; handlers stay
 * plain `@nestjs/cqrs` handlers. Uninstalls on module destroy.
 */
@Injectable()
export class CqrsPipeline implements OnModuleInit, OnModuleDestroy {
  private installedSteps: readonly PipelineStepDefinition[] = [];

  constructor(
    private readonly commandBus: CommandBus,
    private readonly queryBus: QueryBus,
    private readonly discovery: DiscoveryService,
    @Inject(CQRS_PIPELINE_STEPS)
    private readonly configuredSteps: readonly PipelineStepDefinition[],
  ) {}

  onModuleInit(): void {
    this.install();
  }

  onModuleDestroy(): void {
    uninstallPipeline(this.commandBus);
    uninstallPipeline(this.queryBus);
    this.installedSteps = [];
  }

  /** (Re)installs the pipeline; installing again replaces it, it never wraps twice. */
  install(): void {
    const steps = sortPipelineSteps([...this.configuredSteps, ...this.discoverSteps()]);
    installPipeline(this.commandBus, 'command', steps);
    installPipeline(this.queryBus, 'query', steps);
    this.installedSteps = steps;
  }

  /** The installed steps in execution order (name, order, appliesTo), for diagnostics. */
  describe(): PipelineStepMetadata[] {
    return this.installedSteps.map(({ name, order, appliesTo }) => ({
      name,
      order,
      appliesTo: appliesTo ?? 'both',
    }));
  }

  private discoverSteps(): PipelineStepDefinition[] {
    return this.discovery
      .getProviders({ metadataKey: PipelineStepDiscovery.KEY })
      .map((wrapper) => {
        const metadata = this.discovery.getMetadataByDecorator(PipelineStepDiscovery, wrapper);
        const instance = wrapper.instance as Partial<PipelineStepHandler> | undefined;
        if (
          !metadata ||
          !wrapper.isDependencyTreeStatic() ||
          typeof instance?.handle !== 'function'
        ) {
          throw new Error(
            `@PipelineStep() provider ${wrapper.name} must be a singleton provider with a ` +
              'handle(context, next) method (request-scoped steps are not supported).',
          );
        }
        return { ...metadata, handle: instance.handle.bind(instance) };
      });
  }
}

import { currentRequestContext } from '@cqrs-ddd/core';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { SAGA_ENGINE } from './sagas.tokens.js';
import type { SagaEngine } from '../saga/saga-engine.js';
import { SagaTimeoutCommand } from '../saga/saga-timeout.command.js';

/**
 * Executes a step's timeout when the scheduler runs it (in the scheduler's transaction): the step
 * fails and its instance compensates, unless the step ended first.
 */
@CommandHandler(SagaTimeoutCommand)
export class SagaTimeoutHandler implements ICommandHandler<SagaTimeoutCommand> {
  constructor(@Inject(SAGA_ENGINE) private readonly engine: SagaEngine) {}

  /** Applies the timeout to its instance. */
  async execute(command: SagaTimeoutCommand): Promise<void> {
    await this.engine.runtime.timeout(command, currentRequestContext()?.messageId);
  }
}

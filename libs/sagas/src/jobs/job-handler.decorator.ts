import { applyDecorators, Injectable } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';

const discoverable = DiscoveryService.createDecorator<string>();

/**
 * Marks a provider as the handler of the background jobs named `name`, found at start-up with
 * Nest's `DiscoveryService`. The class implements `JobHandlerInstance` and is a singleton
 * provider of any module:
 *
 * ```ts
 * @JobHandler('invoices.send')
 * export class SendInvoiceJob implements JobHandlerInstance<{ invoiceId: string }> {
 *   async handle({ invoiceId }: { invoiceId: string }, job: JobExecution) {
 *     await this.mailer.send(invoiceId, { signal: job.signal });
 *   }
 * }
 * ```
 * Implies `@Injectable()`.
 */
export function JobHandler(name: string): ClassDecorator {
  return applyDecorators(Injectable(), discoverable(name));
}

/** The discovery decorator behind {@link JobHandler}, for `DiscoveryService` look-ups. */
export const JobHandlerDiscovery = discoverable;

import type { PipelineOptions } from '../cqrs/pipeline-options.js';
import type { RequestContextOptions } from '../context/request-context.options.js';
import type { Clock } from '../ports/clock.port.js';
import type { IdGenerator } from '../ports/id-generator.port.js';
import type { IdempotencyStore } from '../ports/idempotency-store.port.js';
import type { UnitOfWork } from '../ports/unit-of-work.port.js';

/**
 * Options of `CqrsDddModule.forRoot` / `forRootAsync`. Everything is optional: the defaults
 * give the full pipeline on in-memory adapters, and HTTP request contexts.
 */
export interface CqrsDddModuleOptions {
  /**
   * The command/query pipeline: built-in steps on/off and their settings (logging,
   * validation, idempotency, retry, unit of work) and extra function steps.
   * @default {} (every built-in step on, with its defaults)
   */
  pipeline?: PipelineOptions;
  /**
   * Where request contexts are created (HTTP middleware, global interceptor) and how
   * correlation headers are read and echoed.
   * @default {} (HTTP middleware on every route, no global interceptor, `X-Correlation-Id`)
   */
  context?: RequestContextOptions;
  /**
   * Store of the idempotency step. The default keeps keys in this process only: give a shared
   * store (e.g. Postgres or Redis adapter) when running more than one instance.
   * @default new InMemoryIdempotencyStore(clock)
   */
  idempotencyStore?: IdempotencyStore;
  /**
   * Transaction boundary of the unit-of-work step. Without it, the one a persistence library
   * provides under `TRANSACTIONAL_UNIT_OF_WORK` is used (e.g. `EventStoreModule` with the
   * postgres driver: the app's MikroORM transaction); else one that only tracks nesting.
   * @default the `TRANSACTIONAL_UNIT_OF_WORK` provider when visible, else new InMemoryUnitOfWork()
   */
  unitOfWork?: UnitOfWork;
  /**
   * Time source, provided as `Clock` to the whole app.
   * @default new SystemClock()
   */
  clock?: Clock;
  /**
   * Id source (message ids, correlation ids), provided as `IdGenerator` to the whole app.
   * @default new UuidV7IdGenerator()
   */
  idGenerator?: IdGenerator;
}

/**
 * The HTTP benchmark's baseline: a plain Nest controller, no CQRS pipeline, no aggregate, no
 * read model, writing the same rows as the reference app's event store would for the same
 * requests (a stream row and one message row per write, in one transaction) with MikroORM, into
 * copies of the event store's tables (`plain_streams`, `plain_messages`).
 */
import { randomUUID } from 'node:crypto';
import { MikroOrmModule } from '@mikro-orm/nestjs';
import { EntityManager, PostgreSqlDriver } from '@mikro-orm/postgresql';
import {
  BadRequestException,
  Body,
  Controller,
  type DynamicModule,
  HttpCode,
  Module,
  NotFoundException,
  Param,
  Post,
} from '@nestjs/common';

/** Tables of the baseline: copies of the event store's (same columns, constraints, indexes). */
export const PLAIN_TABLES_SQL = [
  'CREATE TABLE plain_streams (LIKE cqrs_streams INCLUDING ALL)',
  'CREATE TABLE plain_messages (LIKE cqrs_messages INCLUDING ALL)',
];

const INSERT_MESSAGE =
  'INSERT INTO plain_messages (stream_id, stream_type, stream_version, event_id, type, ' +
  "schema_version, data, metadata, tenant_id, occurred_at) VALUES (?, 'Order', ?, ?, ?, 1, ?, ?, 'dev', now())";

interface Write {
  readonly id: string;
  readonly version: number;
}

@Controller('orders')
class PlainOrdersController {
  constructor(private readonly em: EntityManager) {}

  @Post()
  async create(@Body() body: { customerId?: unknown }): Promise<Write> {
    if (typeof body?.customerId !== 'string') throw new BadRequestException('customerId');
    const id = randomUUID();
    await this.em.fork().transactional(async (em) => {
      await em.execute(
        "INSERT INTO plain_streams (id, type, tenant_id, version) VALUES (?, 'Order', 'dev', 1)",
        [id],
      );
      await em.execute(INSERT_MESSAGE, [
        id,
        1,
        randomUUID(),
        'order.created',
        JSON.stringify({ customerId: body.customerId }),
        JSON.stringify({ tenantId: 'dev' }),
      ]);
    });
    return { id, version: 1 };
  }

  @Post(':id/items')
  @HttpCode(200)
  async addItem(
    @Param('id') id: string,
    @Body() body: { productId?: unknown; quantity?: unknown; unitPrice?: unknown },
  ): Promise<Write> {
    const { productId, quantity, unitPrice } = body ?? {};
    if (
      typeof productId !== 'string' ||
      typeof quantity !== 'number' ||
      typeof unitPrice !== 'number'
    ) {
      throw new BadRequestException('productId, quantity, unitPrice');
    }
    const version = await this.em.fork().transactional(async (em) => {
      const rows = await em.execute<{ version: number }[]>(
        'UPDATE plain_streams SET version = version + 1, updated_at = now() WHERE id = ? RETURNING version',
        [id],
      );
      if (rows.length === 0) throw new NotFoundException();
      const next = rows[0]!.version;
      await em.execute(INSERT_MESSAGE, [
        id,
        next,
        randomUUID(),
        'order.item-added',
        JSON.stringify({ productId, quantity, unitPriceCents: Math.round(unitPrice * 100) }),
        JSON.stringify({ tenantId: 'dev' }),
      ]);
      return next;
    });
    return { id, version };
  }
}

/** The baseline app on the database at `databaseUrl`. */
@Module({})
export class PlainOrdersModule {
  static forRoot(databaseUrl: string): DynamicModule {
    return {
      module: PlainOrdersModule,
      imports: [
        MikroOrmModule.forRoot({
          driver: PostgreSqlDriver,
          clientUrl: databaseUrl,
          entities: [],
          discovery: { warnWhenNoEntities: false },
        }),
      ],
      controllers: [PlainOrdersController],
    };
  }
}

import { Controller, Get, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Page } from '@cqrs-ddd/core';
import { GetOrderQuery } from '../../orders/queries/get-order.query.js';
import { ListOrdersQuery } from '../../orders/queries/list-orders.query.js';
import type { OrderSummary } from '../../orders/read-model/order-summary.js';
import { ApiProblems } from '../docs/api-problems.decorator.js';
import type { ExpressResponse } from '../express.types.js';
import { versionETag } from '../headers/conditional-headers.js';
import { MinVersionHeader } from '../headers/request-headers.decorators.js';
import { GetOrderQueryParams } from './dto/get-order.query-params.js';
import { ListOrdersQueryParams } from './dto/list-orders.query-params.js';
import { OrderIdParams } from './dto/order-id.params.js';
import { OrderPageDto } from './dto/order-page.dto.js';
import { OrderDto } from './dto/order.dto.js';
import { toOrderDto, toOrderPageDto } from './order-views.js';

/** Read side of `/orders`: each endpoint validates its input and sends one query. */
@ApiTags('orders')
@Controller('orders')
export class OrderQueriesController {
  constructor(private readonly queries: QueryBus) {}

  /** `GET /orders/:id` → the order, with its version as `ETag`. */
  @Get(':id')
  @ApiOperation({ summary: 'Read an order (eventually consistent; see minVersion).' })
  @ApiHeader({
    name: 'X-Min-Version',
    required: false,
    description: 'Same as the minVersion query parameter.',
  })
  @ApiOkResponse({
    type: OrderDto,
    description: 'The order.',
    headers: { ETag: { description: 'The order version, for If-Match.' } },
  })
  @ApiProblems(400, 404, 503)
  async get(
    @Param() { id }: OrderIdParams,
    @Query() { minVersion }: GetOrderQueryParams,
    @MinVersionHeader() minVersionHeader: number | undefined,
    @Res({ passthrough: true }) response: ExpressResponse,
  ): Promise<OrderDto> {
    const wanted = [minVersion, minVersionHeader].filter((v): v is number => v !== undefined);
    const query = new GetOrderQuery(id, wanted.length > 0 ? Math.max(...wanted) : undefined);
    const summary = await this.queries.execute<GetOrderQuery, OrderSummary>(query);
    response.setHeader('ETag', versionETag(summary.version));
    return toOrderDto(summary);
  }

  /** `GET /orders?filter=&sort=&limit=&cursor=` → `{ items, nextCursor }`. */
  @Get()
  @ApiOperation({ summary: 'List orders: filter, sort and cursor pagination.' })
  @ApiOkResponse({ type: OrderPageDto, description: 'One page of orders.' })
  @ApiProblems(400)
  async list(@Query() params: ListOrdersQueryParams): Promise<OrderPageDto> {
    const query = new ListOrdersQuery(params.filter, params.sort, params.limit, params.cursor);
    return toOrderPageDto(await this.queries.execute<ListOrdersQuery, Page<OrderSummary>>(query));
  }
}

import { Body, Controller, Delete, HttpCode, Param, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import {
  ApiCreatedResponse,
  ApiHeader,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { withMessageMetadata } from '@cqrs-ddd/core';
import { AddOrderItemCommand } from '../../orders/commands/add-order-item.command.js';
import { CancelOrderCommand } from '../../orders/commands/cancel-order.command.js';
import { ConfirmOrderCommand } from '../../orders/commands/confirm-order.command.js';
import { CreateOrderCommand } from '../../orders/commands/create-order.command.js';
import type { OrderWriteResult } from '../../orders/commands/order-write-result.js';
import { RemoveOrderItemCommand } from '../../orders/commands/remove-order-item.command.js';
import { ApiProblems } from '../docs/api-problems.decorator.js';
import type { ExpressResponse } from '../express.types.js';
import { IdempotencyKey, IfMatchVersion } from '../headers/request-headers.decorators.js';
import { AddOrderItemBody } from './dto/add-order-item.body.js';
import { CreateOrderBody } from './dto/create-order.body.js';
import { OrderIdParams } from './dto/order-id.params.js';
import { OrderItemParams } from './dto/order-item.params.js';
import { OrderWriteResultDto } from './dto/order-write-result.dto.js';

const IF_MATCH = {
  name: 'If-Match',
  required: false,
  description: 'The order version (ETag) the change is based on; another current version → 409.',
};
const IDEMPOTENCY_KEY = {
  name: 'Idempotency-Key',
  required: false,
  description:
    'Makes retries safe: a repeat with the same key and body returns the first response and ' +
    'changes nothing; the same key with another body → 422.',
};

/**
 * Write side of `/orders`: each endpoint validates its input, sends one command and answers
 * `{ id, version }`. `If-Match` becomes the command's `expectedVersion`; `Idempotency-Key`
 * (POST) is handed to the pipeline's idempotency step, scoped to the route.
 */
@ApiTags('orders')
@ApiProblems(400, 404, 409, 422)
@Controller('orders')
export class OrderCommandsController {
  constructor(private readonly commands: CommandBus) {}

  /** `POST /orders` → 201 `{ id, version }` with `Location`. */
  @Post()
  @ApiOperation({ summary: 'Open an order for a customer.' })
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiCreatedResponse({ type: OrderWriteResultDto, description: 'The new order and its version.' })
  async create(
    @Body() body: CreateOrderBody,
    @IdempotencyKey() key: string | undefined,
    @Res({ passthrough: true }) response: ExpressResponse,
  ): Promise<OrderWriteResult> {
    const result = await this.send(new CreateOrderCommand(body.customerId), 'POST /orders', key);
    response.setHeader('Location', `/orders/${encodeURIComponent(result.id)}`);
    return result;
  }

  /** `POST /orders/:id/items` → 200 `{ id, version }`. */
  @Post(':id/items')
  @HttpCode(200)
  @ApiOperation({ summary: 'Add units of a product to a pending order.' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderWriteResultDto, description: 'The order and its new version.' })
  addItem(
    @Param() { id }: OrderIdParams,
    @Body() body: AddOrderItemBody,
    @IfMatchVersion() expectedVersion: number | undefined,
    @IdempotencyKey() key: string | undefined,
  ): Promise<OrderWriteResult> {
    const command = new AddOrderItemCommand(
      id,
      body.productId,
      body.quantity,
      body.unitPrice,
      expectedVersion,
    );
    return this.send(command, 'POST /orders/:id/items', key);
  }

  /** `DELETE /orders/:id/items/:productId` → 200 `{ id, version }`. */
  @Delete(':id/items/:productId')
  @ApiOperation({ summary: "Remove a product's line from a pending order." })
  @ApiHeader(IF_MATCH)
  @ApiOkResponse({ type: OrderWriteResultDto, description: 'The order and its new version.' })
  removeItem(
    @Param() { id, productId }: OrderItemParams,
    @IfMatchVersion() expectedVersion: number | undefined,
  ): Promise<OrderWriteResult> {
    return this.send(new RemoveOrderItemCommand(id, productId, expectedVersion));
  }

  /** `POST /orders/:id/confirm` → 200 `{ id, version }`. */
  @Post(':id/confirm')
  @HttpCode(200)
  @ApiOperation({ summary: 'Confirm a pending order that has items.' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderWriteResultDto, description: 'The order and its new version.' })
  confirm(
    @Param() { id }: OrderIdParams,
    @IfMatchVersion() expectedVersion: number | undefined,
    @IdempotencyKey() key: string | undefined,
  ): Promise<OrderWriteResult> {
    return this.send(new ConfirmOrderCommand(id, expectedVersion), 'POST /orders/:id/confirm', key);
  }

  /** `POST /orders/:id/cancel` → 200 `{ id, version }`. */
  @Post(':id/cancel')
  @HttpCode(200)
  @ApiOperation({ summary: 'Cancel an order that has not shipped.' })
  @ApiHeader(IF_MATCH)
  @ApiHeader(IDEMPOTENCY_KEY)
  @ApiOkResponse({ type: OrderWriteResultDto, description: 'The order and its new version.' })
  cancel(
    @Param() { id }: OrderIdParams,
    @IfMatchVersion() expectedVersion: number | undefined,
    @IdempotencyKey() key: string | undefined,
  ): Promise<OrderWriteResult> {
    return this.send(new CancelOrderCommand(id, expectedVersion), 'POST /orders/:id/cancel', key);
  }

  /**
   * Sends `command`; with an idempotency key, the key is scoped to `route` (the pipeline
   * further scopes it by tenant and command type) and the payload fingerprint covers the path
   * parameters, body and `If-Match`, so "same key, other request" is refused.
   */
  private send(command: object, route?: string, key?: string): Promise<OrderWriteResult> {
    if (key !== undefined) withMessageMetadata(command, { idempotencyKey: `${route} ${key}` });
    return this.commands.execute<object, OrderWriteResult>(command);
  }
}

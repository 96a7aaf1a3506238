import { ApiProperty } from '@nestjs/swagger';

/** Answer of every write endpoint: the order and its version after the change. */
export class OrderWriteResultDto {
  @ApiProperty({ description: 'Id of the order.', format: 'uuid' })
  readonly id!: string;

  @ApiProperty({
    description:
      'Version of the order after the change: send it as `If-Match` to write again, or as ' +
      '`minVersion` to read your write.',
    example: 1,
  })
  readonly version!: number;
}

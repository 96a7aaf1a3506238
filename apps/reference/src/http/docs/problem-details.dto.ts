import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** One invalid field, in a problem's `errors`. */
export class ProblemFieldErrorDto {
  @ApiProperty({
    description: 'Dotted path of the field, header or parameter.',
    example: 'quantity',
  })
  readonly path!: string;

  @ApiProperty({ example: 'quantity must not be less than 1' })
  readonly message!: string;

  @ApiPropertyOptional({ description: 'Short code of the violated rule.', example: 'min' })
  readonly rule?: string;
}

/** RFC 9457 problem document: the body of every error response (`application/problem+json`). */
export class ProblemDetailsDto {
  @ApiProperty({ example: 'tag:cqrs-ddd,2026:problem:validation-failed' })
  readonly type!: string;

  @ApiProperty({ example: 'Invalid request' })
  readonly title!: string;

  @ApiProperty({ example: 400 })
  readonly status!: number;

  @ApiProperty({ description: 'What went wrong and what to do about it.' })
  readonly detail!: string;

  @ApiPropertyOptional({ description: 'Path of the request.', example: '/orders' })
  readonly instance?: string;

  @ApiProperty({
    description:
      'Stable machine-readable code: VALIDATION_FAILED, MALFORMED_REQUEST, NOT_FOUND, ' +
      'ROUTE_NOT_FOUND, CONCURRENCY_CONFLICT, DOMAIN_RULE_VIOLATION, IDEMPOTENCY_KEY_REUSED, ' +
      'IDEMPOTENCY_IN_PROGRESS, READ_MODEL_LAGGING, INTERNAL_ERROR, ...',
    example: 'VALIDATION_FAILED',
  })
  readonly code!: string;

  @ApiPropertyOptional({ description: 'Correlation id of the request (also in X-Correlation-Id).' })
  readonly correlationId?: string;

  @ApiPropertyOptional({ type: [ProblemFieldErrorDto], description: 'Every invalid field.' })
  readonly errors?: ProblemFieldErrorDto[];

  @ApiPropertyOptional({ description: 'Violated business rule (DOMAIN_RULE_VIOLATION).' })
  readonly rule?: string;
}

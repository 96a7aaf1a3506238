import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { PROBLEM_JSON } from '../errors/problem-details.js';
import { ProblemDetailsDto } from './problem-details.dto.js';

const DESCRIPTIONS: Readonly<Record<number, string>> = {
  400: 'Invalid request: `errors` lists every invalid field (VALIDATION_FAILED, MALFORMED_REQUEST).',
  404: 'No such order (NOT_FOUND).',
  409: 'The order changed since the `If-Match` version (CONCURRENCY_CONFLICT).',
  422: 'A business rule refused the change (DOMAIN_RULE_VIOLATION), or the Idempotency-Key was used for another request (IDEMPOTENCY_KEY_REUSED).',
  503: 'The read model has not reached `minVersion` yet (READ_MODEL_LAGGING); retry after `Retry-After`.',
};

/** Documents the RFC 9457 problem responses an endpoint can answer with. */
export function ApiProblems(...statuses: number[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ApiExtraModels(ProblemDetailsDto),
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: DESCRIPTIONS[status] ?? 'Error.',
        content: { [PROBLEM_JSON]: { schema: { $ref: getSchemaPath(ProblemDetailsDto) } } },
      }),
    ),
  );
}

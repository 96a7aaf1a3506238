import { ValidationPipe } from '@nestjs/common';
import { toValidationError } from '@cqrs-ddd/core';

/**
 * The global validation of REST bodies, path and query parameters and GraphQL arguments
 * (class-validator DTOs): unknown properties are refused, nothing is converted implicitly (a
 * quantity sent as `"2"` is refused, not coerced), and every invalid field is reported at once
 * as a core `ValidationError` — the same error the pipeline's validation step throws — which
 * the exception filter turns into 400 / `BAD_USER_INPUT`.
 */
export function createApiValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    stopAtFirstError: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => toValidationError(errors),
  });
}

import 'reflect-metadata';
import { describe, expect, it } from '@jest/globals';
import { Type } from 'class-transformer';
import {
  ArrayMinSize,
  IsInt,
  IsPositive,
  IsString,
  MinLength,
  Validate,
  ValidateNested,
  ValidatorConstraint,
  type ValidatorConstraintInterface,
} from 'class-validator';
import { isValidationError, type ValidationError } from '../../errors/validation.error.js';
import type { PipelineContext } from '../pipeline-context.js';
import { ValidationStep } from './validation.step.js';

class Line {
  @IsString() @MinLength(1) sku!: string;
  @IsInt() @IsPositive() quantity!: number;
}

class CreateOrder {
  @IsString() @MinLength(3) customerId!: string;
  @ValidateNested({ each: true }) @Type(() => Line) @ArrayMinSize(1) items!: Line[];
}

class Rename {
  @IsString() @MinLength(2) name!: string;
  extra?: unknown;
}

class Plain {
  constructor(readonly anything: unknown) {}
}

@ValidatorConstraint({ name: 'isFreeUsername', async: true })
class IsFreeUsername implements ValidatorConstraintInterface {
  async validate(value: unknown): Promise<boolean> {
    return value !== 'taken';
  }
  defaultMessage(): string {
    return 'username is taken';
  }
}

class Register {
  @Validate(IsFreeUsername) username!: string;
}

const build = <T extends object>(type: new () => T, values: Partial<T>): T =>
  Object.assign(new type(), values);
const line = (sku: string, quantity: number) => build(Line, { sku, quantity });

function contextOf(message: object): PipelineContext {
  return {
    kind: 'command',
    message,
    messageType: message.constructor.name,
    messageId: 'm',
    correlationId: 'c',
    causationId: undefined,
    attempt: 1,
    metadata: {},
  };
}

async function rejectionOf(step: ValidationStep, message: object): Promise<ValidationError> {
  let called = false;
  const error = await step
    .handle(contextOf(message), async () => {
      called = true;
    })
    .catch((e: unknown) => e);
  expect(called).toBe(false);
  expect(isValidationError(error)).toBe(true);
  return error as ValidationError;
}

describe('ValidationStep', () => {
  it('lists every invalid field with nested paths and the violated rule', async () => {
    const message = build(CreateOrder, { customerId: 'x', items: [line('a', 1), line('', 0)] });
    const error = await rejectionOf(new ValidationStep(), message);
    expect(error.issues.map(({ path, rule }) => ({ path, rule }))).toEqual(
      expect.arrayContaining([
        { path: 'customerId', rule: 'minLength' },
        { path: 'items.1.sku', rule: 'minLength' },
        { path: 'items.1.quantity', rule: 'isPositive' },
      ]),
    );
    expect(error.issues).toHaveLength(3);
    expect(error.message).toContain('items.1.quantity');
  });

  it('passes valid messages to next and returns its result', async () => {
    const message = build(CreateOrder, { customerId: 'abc', items: [line('a', 1)] });
    await expect(new ValidationStep().handle(contextOf(message), async () => 'done')).resolves.toBe(
      'done',
    );
  });

  it('does not validate classes without decorators', async () => {
    const step = new ValidationStep({ unknownProperties: 'forbid' });
    await expect(
      step.handle(contextOf(new Plain({ any: 'thing' })), async () => 'through'),
    ).resolves.toBe('through');
  });

  it('allows, strips or forbids unknown properties as configured', async () => {
    const message = () => build(Rename, { name: 'ok', extra: 'surprise' });

    const allowed = message();
    await new ValidationStep().handle(contextOf(allowed), async () => undefined);
    expect(allowed.extra).toBe('surprise');

    const stripped = message();
    await new ValidationStep({ unknownProperties: 'strip' }).handle(
      contextOf(stripped),
      async () => undefined,
    );
    expect('extra' in stripped).toBe(false);

    const error = await rejectionOf(new ValidationStep({ unknownProperties: 'forbid' }), message());
    expect(error.issues).toEqual([
      expect.objectContaining({ path: 'extra', rule: 'unknownField' }),
    ]);
  });

  it('runs asynchronous constraints', async () => {
    const step = new ValidationStep();
    const error = await rejectionOf(step, build(Register, { username: 'taken' }));
    expect(error.issues).toEqual([
      { path: 'username', message: 'username is taken', rule: 'isFreeUsername' },
    ]);
    await expect(
      step.handle(contextOf(build(Register, { username: 'free' })), async () => 'ok'),
    ).resolves.toBe('ok');
  });

  it('passes class-validator options through (groups)', async () => {
    class Grouped {
      @MinLength(5, { groups: ['strict'] }) name!: string;
    }
    const message = build(Grouped, { name: 'abc' });
    const ungrouped = new ValidationStep({ validatorOptions: { strictGroups: true } });
    await expect(ungrouped.handle(contextOf(message), async () => 'ok')).resolves.toBe('ok');
    const strict = new ValidationStep({ validatorOptions: { groups: ['strict'] } });
    await rejectionOf(strict, message);
  });
});

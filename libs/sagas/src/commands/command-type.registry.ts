import { ValidationError } from '@cqrs-ddd/core';

/** A command class the scheduler and sagas can store: instances are rebuilt without calling it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any constructor signature
export type CommandClass<T extends object = object> = abstract new (...args: any[]) => T;

/**
 * A command class to register, with the stable name it is stored under: the class's own
 * `static readonly type`, or an explicit `{ type, command }` (never the class name, which
 * minification and renames change).
 */
export type CommandRegistration =
  CommandClass | { readonly type: string; readonly command: CommandClass };

/** A command as stored: its registered type and its own enumerable properties as JSON data. */
export interface SerializedCommand {
  readonly type: string;
  readonly data: Record<string, unknown>;
}

/**
 * Two-way map between command classes and their stored type names, so stored commands (scheduled,
 * or sent by a saga) are rebuilt as instances of their class and reach their `@CommandHandler`.
 */
export class CommandTypeRegistry {
  private readonly byType = new Map<string, CommandClass>();
  private readonly byClass = new Map<CommandClass, string>();

  /** @throws ValidationError for a class without a type name or a name taken by another class. */
  constructor(registrations: readonly CommandRegistration[] = []) {
    for (const registration of registrations) this.register(registration);
  }

  /**
   * Registers a command class under its type name (idempotent for the same pair).
   * @throws ValidationError for a class without a type name or a name taken by another class.
   */
  register(registration: CommandRegistration): void {
    const { type, command } =
      typeof registration === 'function'
        ? { type: (registration as { type?: unknown }).type, command: registration }
        : registration;
    if (typeof type !== 'string' || type.length === 0) {
      throw ValidationError.of(
        'commands',
        `command class ${command?.name ?? String(command)} needs a stable type name: declare ` +
          "`static readonly type = 'orders.cancel'` or register { type, command }",
        'isNotEmpty',
      );
    }
    const existing = this.byType.get(type);
    if (existing && existing !== command) {
      throw ValidationError.of(
        'commands',
        `type "${type}" is registered for ${existing.name} already`,
        'unique',
      );
    }
    this.byType.set(type, command);
    this.byClass.set(command, type);
  }

  /** Whether the class of `command` is registered. */
  has(command: object): boolean {
    return this.byClass.has(command.constructor as CommandClass);
  }

  /**
   * The stored form of `command`.
   * @throws ValidationError when its class is not registered or its data is not JSON.
   */
  serialize(command: object): SerializedCommand {
    const type = this.byClass.get(command?.constructor as CommandClass);
    if (type === undefined) {
      throw ValidationError.of(
        'command',
        `${command?.constructor?.name ?? typeof command} is not a registered command: add it to the module's \`commands\``,
        'isRegistered',
      );
    }
    let data: Record<string, unknown>;
    try {
      data = JSON.parse(JSON.stringify({ ...command })) as Record<string, unknown>;
    } catch (error) {
      throw ValidationError.of(
        'command',
        `is not JSON-serialisable: ${(error as Error).message}`,
        'isJson',
      );
    }
    return { type, data };
  }

  /**
   * Rebuilds a stored command as an instance of its class (its constructor is not called).
   * @throws ValidationError when the type is unknown to this registry.
   */
  deserialize({ type, data }: SerializedCommand): object {
    const command = this.byType.get(type);
    if (!command) {
      throw ValidationError.of(
        'command.type',
        `"${type}" is not a registered command type`,
        'isRegistered',
      );
    }
    return Object.assign(Object.create(command.prototype as object) as object, data);
  }
}

import { Authorize } from '@cqrs-ddd/access-control';
import { DomainRuleViolation, EventStore } from '@cqrs-ddd/core';
import { EntityManager } from '@mikro-orm/postgresql';
import { Injectable } from '@nestjs/common';
import {
  CommandHandler,
  type ICommandHandler,
  type IQueryHandler,
  QueryHandler,
} from '@nestjs/cqrs';
import { Audited } from '../pipeline/audited.decorator.js';

/** Roles of the accounts app: clerks do everything, viewers only read. */
export const ACCOUNT_ROLES = {
  clerk: [
    'account:open',
    'account:close',
    'account:deposit',
    'account:import',
    'account:read',
    'account:export',
  ],
  viewer: ['account:read'],
};

const account = (message: { accountId: string }) => ({ type: 'Account', id: message.accountId });

/** Opens an account: one row in the accounts table; carries secrets the trail must not keep. */
@Authorize('account:open', { resource: account })
export class OpenAccount {
  static readonly type = 'account.open';
  constructor(
    readonly accountId: string,
    readonly owner: string,
    readonly password: string,
    readonly accessToken: string,
    readonly payment: { readonly card: { readonly number: string; readonly expiry: string } },
  ) {}
}

/** Always refused by a business rule. */
@Authorize('account:close', { resource: account })
export class CloseAccount {
  static readonly type = 'account.close';
  constructor(readonly accountId: string) {}
}

/** Appends to the account's stream expecting `expectedVersion` (optimistic concurrency). */
@Authorize('account:deposit', { resource: account })
export class Deposit {
  static readonly type = 'account.deposit';
  constructor(
    readonly accountId: string,
    readonly amount: number,
    readonly expectedVersion: number,
  ) {}
}

/**
 * Inserts one row per id; the table's unique constraint is `DEFERRABLE INITIALLY DEFERRED`, so
 * duplicate ids are only refused at COMMIT — after the handler returned.
 */
@Authorize('account:import')
export class ImportAccounts {
  static readonly type = 'account.import';
  constructor(readonly accountIds: readonly string[]) {}
}

/** An ordinary read: not audited. */
@Authorize('account:read', { resource: account })
export class GetAccount {
  static readonly type = 'account.get';
  constructor(readonly accountId: string) {}
}

/** A sensitive read: audited. */
@Audited({ action: 'account:export' })
@Authorize('account:export')
export class ExportAccounts {
  static readonly type = 'account.export';
}

/** SQL of the accounts table in `schema`. */
export const accountsTableDdl = (schema: string) =>
  `CREATE TABLE "${schema}".accounts (
     id text NOT NULL,
     owner text NOT NULL,
     CONSTRAINT accounts_id_unique UNIQUE (id) DEFERRABLE INITIALLY DEFERRED
   )`;

/** Writes account rows in the caller's MikroORM transaction. */
@Injectable()
export class AccountRows {
  /** Set by the test: schema of the accounts table. */
  schema = '';
  constructor(private readonly em: EntityManager) {}

  async insert(id: string, owner: string): Promise<void> {
    await this.em
      .getConnection()
      .execute(
        `INSERT INTO "${this.schema}".accounts (id, owner) VALUES (?, ?)`,
        [id, owner],
        'run',
        this.em.getTransactionContext(),
      );
  }
}

@CommandHandler(OpenAccount)
class OpenAccountHandler implements ICommandHandler<OpenAccount> {
  constructor(private readonly rows: AccountRows) {}
  async execute({ accountId, owner }: OpenAccount): Promise<string> {
    await this.rows.insert(accountId, owner);
    return accountId;
  }
}

@CommandHandler(CloseAccount)
class CloseAccountHandler implements ICommandHandler<CloseAccount> {
  async execute(): Promise<never> {
    throw new DomainRuleViolation('account.has-balance', 'An account with a balance stays open.');
  }
}

@CommandHandler(Deposit)
class DepositHandler implements ICommandHandler<Deposit> {
  constructor(private readonly events: EventStore) {}
  async execute({ accountId, amount, expectedVersion }: Deposit): Promise<number> {
    const { streamVersion } = await this.events.append(
      `account-${accountId}`,
      [{ type: 'account.deposited', version: 1, data: { amount } }],
      { expectedVersion },
    );
    return streamVersion;
  }
}

@CommandHandler(ImportAccounts)
class ImportAccountsHandler implements ICommandHandler<ImportAccounts> {
  constructor(private readonly rows: AccountRows) {}
  async execute({ accountIds }: ImportAccounts): Promise<number> {
    for (const id of accountIds) await this.rows.insert(id, 'import');
    return accountIds.length;
  }
}

@QueryHandler(GetAccount)
class GetAccountHandler implements IQueryHandler<GetAccount> {
  async execute({ accountId }: GetAccount) {
    return { id: accountId };
  }
}

@QueryHandler(ExportAccounts)
class ExportAccountsHandler implements IQueryHandler<ExportAccounts> {
  async execute() {
    return [];
  }
}

/** Providers of the accounts app. */
export const ACCOUNT_PROVIDERS = [
  AccountRows,
  OpenAccountHandler,
  CloseAccountHandler,
  DepositHandler,
  ImportAccountsHandler,
  GetAccountHandler,
  ExportAccountsHandler,
];

import { Command } from 'nest-commander';
import { AuditVerifyCommand } from './audit/audit-verify.command.js';
import { CommandGroup } from './command-group.js';
import { EventsReplayCommand } from './events/events-replay.command.js';
import { OutboxStatusCommand } from './outbox/outbox-status.command.js';
import { ParkedListCommand } from './parked/parked-list.command.js';
import { ParkedRetryCommand } from './parked/parked-retry.command.js';
import { ParkedSkipCommand } from './parked/parked-skip.command.js';
import { ProcessorsListCommand } from './processors/processors-list.command.js';
import { ProcessorsPauseCommand } from './processors/processors-pause.command.js';
import { ProcessorsResetCommand } from './processors/processors-reset.command.js';
import { ProcessorsResumeCommand } from './processors/processors-resume.command.js';
import { ProjectionsListCommand } from './projections/projections-list.command.js';
import { ProjectionsRebuildCommand } from './projections/projections-rebuild.command.js';
import { ProjectionsStatusCommand } from './projections/projections-status.command.js';
import { TenantsActivateCommand } from './tenants/tenants-activate.command.js';
import { TenantsCreateCommand } from './tenants/tenants-create.command.js';
import { TenantsListCommand } from './tenants/tenants-list.command.js';
import { TenantsSuspendCommand } from './tenants/tenants-suspend.command.js';

/** `projections list | status | rebuild`. */
@Command({
  name: 'projections',
  description: 'projections: list, status, rebuild',
  subCommands: [ProjectionsListCommand, ProjectionsStatusCommand, ProjectionsRebuildCommand],
})
export class ProjectionsCommand extends CommandGroup {}

/** `processors list | pause | resume | reset`. */
@Command({
  name: 'processors',
  description: 'checkpointed processors: list, pause, resume, reset',
  subCommands: [
    ProcessorsListCommand,
    ProcessorsPauseCommand,
    ProcessorsResumeCommand,
    ProcessorsResetCommand,
  ],
})
export class ProcessorsCommand extends CommandGroup {}

/** `parked list | retry | skip`. */
@Command({
  name: 'parked',
  description: 'parked events (dead letters of the processors): list, retry, skip',
  subCommands: [ParkedListCommand, ParkedRetryCommand, ParkedSkipCommand],
})
export class ParkedCommand extends CommandGroup {}

/** `tenants create | suspend | activate | list`. */
@Command({
  name: 'tenants',
  description: 'tenants: create, suspend, activate, list',
  subCommands: [
    TenantsCreateCommand,
    TenantsSuspendCommand,
    TenantsActivateCommand,
    TenantsListCommand,
  ],
})
export class TenantsCommand extends CommandGroup {}

/** `audit verify`. */
@Command({ name: 'audit', description: 'audit trail: verify', subCommands: [AuditVerifyCommand] })
export class AuditCommand extends CommandGroup {}

/** `outbox status`. */
@Command({ name: 'outbox', description: 'outbox: status', subCommands: [OutboxStatusCommand] })
export class OutboxCommand extends CommandGroup {}

/** `events replay`. */
@Command({
  name: 'events',
  description: 'the event log: replay',
  subCommands: [EventsReplayCommand],
})
export class EventsCommand extends CommandGroup {}

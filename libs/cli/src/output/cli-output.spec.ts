import { describe, expect, it } from '@jest/globals';
import { ValidationError } from '@cqrs-ddd/core';
import { UnknownTenantError } from '@cqrs-ddd/multitenancy';
import { ProcessorNotFoundError } from '@cqrs-ddd/projections';
import { CliFeatureMissingError } from '../errors/cli-feature-missing.error.js';
import { CliUsageError } from '../errors/cli-usage.error.js';
import { CapturedOutput } from '../run/captured-output.fixture.js';
import { cliExitCodeOf } from '../run/cli-exit-code.of.js';
import { CliOutput } from './cli-output.js';
import { progressLine } from './cli-progress.reporter.js';
import { renderTable } from './cli-table.js';

describe('CLI output', () => {
  it('renders tables without colours, with "-" for empty cells and "(none)" for no rows', () => {
    const table = renderTable(
      ['Name', 'Parked', 'Suspended'],
      [
        ['order-summary', 0, true],
        ['x', null, false],
      ],
    );
    expect(table).toContain('│ order-summary │ 0      │ yes       │');
    expect(table).toContain('│ x             │ -      │ no        │');
    expect(table).not.toContain('\u001b[');
    expect(renderTable(['Name'], [])).toMatch(/\(none\)$/);
  });

  it('prints progress as lines when stdout is not a terminal, and nothing with --json', () => {
    const stdout = new CapturedOutput(false);
    const output = new CliOutput({ stdout, stderr: new CapturedOutput() });
    const progress = output.progress('rebuild p', false);
    progress.start(10);
    progress.update(10, 10, true);
    progress.stop(10, 10);
    expect(stdout.text).toBe('rebuild p: 0/10 events (0%)\nrebuild p: 10/10 events (100%)\n');

    const silent = new CapturedOutput(false);
    const quiet = new CliOutput({ stdout: silent, stderr: new CapturedOutput() }).progress(
      'p',
      true,
    );
    quiet.start(3);
    quiet.stop(3, 3);
    expect(silent.text).toBe('');
  });

  it('draws a bar on a terminal', () => {
    const stdout = new CapturedOutput(true);
    const progress = new CliOutput({ stdout, stderr: new CapturedOutput() }).progress(
      'rebuild p',
      false,
    );
    progress.start(4);
    progress.update(2, 4);
    progress.stop(4, 4);
    expect(stdout.text).toContain('rebuild p [');
    expect(stdout.text).toContain('4/4 events');
  });

  it('formats progress lines, capping at the total', () => {
    expect(progressLine('replay s', 3, 4)).toBe('replay s: 3/4 events (75%)');
    expect(progressLine('replay s', 5, 4)).toBe('replay s: 4/4 events (100%)');
    expect(progressLine('replay s', 0, 0)).toBe('replay s: 0/0 events (100%)');
  });

  it('prints JSON alone on stdout', () => {
    const stdout = new CapturedOutput();
    new CliOutput({ stdout, stderr: new CapturedOutput() }).json({ a: 1 });
    expect(JSON.parse(stdout.text)).toEqual({ a: 1 });
  });
});

describe('cliExitCodeOf', () => {
  it.each([
    [new CliUsageError('bad'), 2],
    [new CliFeatureMissingError('outbox', 'import it'), 4],
    [new ProcessorNotFoundError('p'), 3],
    [new UnknownTenantError('t'), 3],
    [ValidationError.of('to', 'bad', 'isInt'), 2],
    [Object.assign(new Error('help'), { code: 'commander.helpDisplayed', exitCode: 0 }), 0],
    [Object.assign(new Error('x'), { code: 'commander.unknownOption', exitCode: 1 }), 2],
    [new Error('boom'), 1],
  ])('maps %p to %i', (error, code) => {
    expect(cliExitCodeOf(error)).toBe(code);
  });
});

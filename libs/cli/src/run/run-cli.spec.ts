import { describe, expect, it } from '@jest/globals';
import { Module } from '@nestjs/common';
import { CapturedOutput } from './captured-output.fixture.js';
import { CLI_EXIT_CODES } from './cli-exit-codes.js';
import { runCli } from './run-cli.js';

/** An application without any module of the suite. */
@Module({})
class EmptyAppModule {}

async function cli(...argv: string[]) {
  const stdout = new CapturedOutput();
  const stderr = new CapturedOutput();
  const code = await runCli(EmptyAppModule, { argv, stdout, stderr, logger: false });
  return { code, stdout: stdout.text, stderr: stderr.text };
}

describe('runCli', () => {
  it('prints the help with exit code 0', async () => {
    const { code, stdout } = await cli('--help');
    expect(code).toBe(CLI_EXIT_CODES.ok);
    expect(stdout).toContain('projections');
    expect(stdout).toContain('migrate');
  });

  it('ends an unknown command with the usage exit code', async () => {
    const { code, stderr } = await cli('frobnicate');
    expect(code).toBe(CLI_EXIT_CODES.usage);
    expect(stderr).toContain("unknown command 'frobnicate'");
  });

  it('ends an unknown option of a sub-command with the usage exit code', async () => {
    const { code, stderr } = await cli('outbox', 'status', '--bogus');
    expect(code).toBe(CLI_EXIT_CODES.usage);
    expect(stderr).toContain("unknown option '--bogus'");
  });

  it('ends a group without sub-command with the usage exit code and its help', async () => {
    const { code, stderr } = await cli('projections');
    expect(code).toBe(CLI_EXIT_CODES.usage);
    expect(stderr).toContain('rebuild');
  });

  it('ends a missing mandatory option with the usage exit code', async () => {
    const { code, stderr } = await cli('audit', 'verify');
    expect(code).toBe(CLI_EXIT_CODES.usage);
    expect(stderr).toContain("'--tenant <id>' not specified");
  });

  it('ends a malformed option value with the usage exit code', async () => {
    const { code, stderr } = await cli('audit', 'verify', '--tenant', 'acme', '--from', 'x');
    expect(code).toBe(CLI_EXIT_CODES.usage);
    expect(stderr).toContain('--from must be a positive integer, got "x"');
  });

  it.each([
    [['outbox', 'status'], 'outbox'],
    [['projections', 'list', '--json'], 'projections'],
    [['tenants', 'list'], 'tenant registry'],
    [['audit', 'verify', '--tenant', 'acme'], 'audit trail'],
  ])('ends %j with exit code 4 when the app lacks the %s', async (argv, feature) => {
    const { code, stdout, stderr } = await cli(...argv);
    expect(code).toBe(CLI_EXIT_CODES.notConfigured);
    expect(stdout).toBe('');
    expect(stderr).toContain(`This application has no ${feature}`);
  });
});

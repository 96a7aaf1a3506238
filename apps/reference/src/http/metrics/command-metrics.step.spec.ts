import { describe, expect, it } from '@jest/globals';
import { DomainRuleViolation, type PipelineContext } from '@cqrs-ddd/core';
import { ApiMetrics } from './api-metrics.js';
import { CommandMetricsStep } from './command-metrics.step.js';

function context(messageType: string): PipelineContext {
  return {
    kind: 'command',
    message: {},
    messageType,
    messageId: 'm-1',
    correlationId: 'c-1',
    causationId: undefined,
    attempt: 1,
    metadata: {},
  };
}

describe('CommandMetricsStep', () => {
  it('counts and times executions by type and outcome, and failures by code', async () => {
    const metrics = new ApiMetrics();
    const step = new CommandMetricsStep(metrics);

    await expect(step.handle(context('CreateOrder'), async () => 'ok')).resolves.toBe('ok');
    const rule = new DomainRuleViolation('order.not-empty', 'empty');
    await expect(step.handle(context('ConfirmOrder'), () => Promise.reject(rule))).rejects.toBe(
      rule,
    );
    await expect(
      step.handle(context('ConfirmOrder'), () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');

    const text = await metrics.registry.metrics();
    expect(text).toContain(
      'cqrs_messages_total{kind="command",type="CreateOrder",outcome="success"} 1',
    );
    expect(text).toContain(
      'cqrs_messages_total{kind="command",type="ConfirmOrder",outcome="error"} 2',
    );
    expect(text).toContain(
      'cqrs_message_errors_total{kind="command",type="ConfirmOrder",code="DOMAIN_RULE_VIOLATION"} 1',
    );
    expect(text).toContain(
      'cqrs_message_errors_total{kind="command",type="ConfirmOrder",code="UNKNOWN"} 1',
    );
    expect(text).toContain(
      'cqrs_message_duration_seconds_count{kind="command",type="CreateOrder",outcome="success"} 1',
    );
  });
});

import { FakeClock } from '@cqrs-ddd/core/testing';
import { describeCommandSchedulerContract } from '../testing/command-scheduler.contract.js';
import { InMemoryCommandScheduler } from './in-memory-command-scheduler.js';

describeCommandSchedulerContract('in memory', (registry) => {
  const clock = new FakeClock();
  return {
    adapter: new InMemoryCommandScheduler(registry, { clock }),
    clock,
    advanceTime: (ms) => clock.advance(ms),
  };
});

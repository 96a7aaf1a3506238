import { Module } from '@nestjs/common';
import { CqrsDddModule } from '@cqrs-ddd/core';
import { HealthController } from './health.controller.js';

/**
 * The reference app's root module. Today it wires the suite's core (pipeline, request context,
 * in-memory adapters); the Orders domain, REST/GraphQL API and the infrastructure modules are
 * added by the issues that build them.
 */
@Module({
  imports: [CqrsDddModule.forRoot()],
  controllers: [HealthController],
})
export class AppModule {}

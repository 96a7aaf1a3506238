import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import { FEATURE_FLAG_BACKEND, type FeatureFlagBackend } from './feature-flag-backend.factory.js';

/**
 * Releases what `FeatureFlagsModule` started when the app shuts down: the PostgreSQL
 * provider's `LISTEN` connection and timer, the Unleash client, a provider class's `close()`.
 * A provider instance the app passed in is left to the app.
 */
@Injectable()
export class FeatureFlagsLifecycle implements OnApplicationShutdown {
  constructor(@Inject(FEATURE_FLAG_BACKEND) private readonly backend: FeatureFlagBackend) {}

  async onApplicationShutdown(): Promise<void> {
    await this.backend.close?.();
  }
}

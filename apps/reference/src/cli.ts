import 'reflect-metadata';
import { runCli } from '@cqrs-ddd/cli';
import { AppModule } from './app.module.js';
import { loadAppConfig } from './config/app-config.js';
import { type RunningDatabase, startEmbeddedPostgres } from './config/embedded-postgres.js';

/**
 * The operations CLI of the reference app (`npm run cli -- <command>`, `--help` lists them):
 * the configuration and database as `main.ts` resolves them (DATABASE_URL, or the embedded
 * PostgreSQL under `.data/postgres`), the app as an application context without HTTP and without
 * its processors, then one command; the process exits with the command's exit code.
 */
async function main(): Promise<number> {
  const config = loadAppConfig(process.env);
  const database: RunningDatabase = config.databaseUrl
    ? { url: config.databaseUrl, description: '', stop: async () => undefined }
    : await startEmbeddedPostgres({ dataDir: config.embeddedPostgresDir });
  try {
    return await runCli(
      AppModule.forRoot({
        config: { ...config, databaseUrl: database.url },
        api: false,
        processor: false,
      }),
      { name: 'npm run cli --' },
    );
  } finally {
    await database.stop(); // after the app closed (runCli closes it before resolving)
  }
}

process.exitCode = await main();

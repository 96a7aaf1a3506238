import { Injectable, type INestApplication, type OnModuleInit } from '@nestjs/common';
import { ApplicationConfig, HttpAdapterHost, ModulesContainer } from '@nestjs/core';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Where the OpenAPI UI is served; the JSON document is at `${DOCS_PATH}-json`. */
export const DOCS_PATH = 'docs';

/**
 * Serves the OpenAPI document generated from the controllers and DTOs at `/docs` (Swagger UI)
 * and `/docs-json`, from inside the module, so every way of booting the app (`main.ts`, tests,
 * benchmarks) serves it without a bootstrap step of its own.
 *
 * `SwaggerModule` takes the `INestApplication`, which providers cannot inject; it only reads
 * the module container, the HTTP adapter and the application config from it, so this hands it
 * those. The app uses no global prefix or versioning; were one added, pass the real config.
 */
@Injectable()
export class OpenApiSetup implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly modules: ModulesContainer,
  ) {}

  onModuleInit(): void {
    const adapter = this.adapterHost.httpAdapter;
    if (!adapter) return; // an application context without HTTP (CLI, workers)
    const app = {
      container: { getModules: () => this.modules },
      config: new ApplicationConfig(),
      getHttpAdapter: () => adapter,
      useStaticAssets: (path: string, options: object) => adapter.useStaticAssets?.(path, options),
    } as unknown as INestApplication;
    const config = new DocumentBuilder()
      .setTitle('Orders reference API')
      .setDescription(
        'The cqrs-ddd reference app: an event-sourced Order aggregate over REST. Errors are ' +
          'RFC 9457 application/problem+json with a stable `code`. GraphQL is served at /graphql.',
      )
      .setVersion('1.0')
      .build();
    SwaggerModule.setup(DOCS_PATH, app, () => SwaggerModule.createDocument(app, config), {
      customSiteTitle: 'Orders reference API',
    });
  }
}

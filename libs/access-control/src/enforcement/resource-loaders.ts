import { Injectable, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { AccessControlConfigurationError } from '../errors/access-control-configuration.error.js';
import {
  type ResourceAttributesLoader,
  ResourceLoaderDiscovery,
} from './resource-loader.decorator.js';

/**
 * The app's `@ResourceLoader(type)` providers, discovered once at start-up (a duplicate type,
 * a request-scoped loader or one without `load(id)` fails the start with an
 * `AccessControlConfigurationError`), by resource type.
 */
@Injectable()
export class ResourceLoaders implements OnModuleInit {
  private loaders = new Map<string, ResourceAttributesLoader>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const loaders = new Map<string, ResourceAttributesLoader>();
    for (const wrapper of this.discovery.getProviders({
      metadataKey: ResourceLoaderDiscovery.KEY,
    })) {
      const type = this.discovery.getMetadataByDecorator(ResourceLoaderDiscovery, wrapper);
      const instance = wrapper.instance as Partial<ResourceAttributesLoader> | undefined;
      if (
        typeof type !== 'string' ||
        !wrapper.isDependencyTreeStatic() ||
        typeof instance?.load !== 'function'
      ) {
        throw new AccessControlConfigurationError(
          `@ResourceLoader() provider ${wrapper.name} must be a singleton provider with a ` +
            'load(id) method (request-scoped loaders are not supported)',
        );
      }
      if (loaders.has(type)) {
        throw new AccessControlConfigurationError(
          `two @ResourceLoader('${type}') providers are registered; keep one per resource type`,
        );
      }
      loaders.set(type, instance as ResourceAttributesLoader);
    }
    this.loaders = loaders;
  }

  /** The loader of the resources of `type`, if one is registered. */
  get(type: string): ResourceAttributesLoader | undefined {
    return this.loaders.get(type);
  }
}

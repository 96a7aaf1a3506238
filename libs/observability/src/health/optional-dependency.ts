import type { ModuleRef } from '@nestjs/core';

/** Error codes Node and jest give a module that is not installed. */
const NOT_FOUND = new Set(['ERR_MODULE_NOT_FOUND', 'MODULE_NOT_FOUND']);

/**
 * Loads the optional package `specifier`, or resolves `undefined` when it is not installed (the
 * app does not use it). Any other loading failure is thrown.
 */
export async function importOptional<T>(specifier: string): Promise<T | undefined> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    if (NOT_FOUND.has((error as { code?: string }).code ?? '')) return undefined;
    throw error;
  }
}

/** The provider of `token` registered anywhere in the application, or `undefined`. */
export function registeredProvider<T>(
  moduleRef: ModuleRef,
  token: string | symbol | (abstract new (...args: never[]) => T),
): T | undefined {
  try {
    return moduleRef.get<T>(token as string | symbol, { strict: false });
  } catch {
    return undefined;
  }
}

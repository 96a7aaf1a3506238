import murmurhash3js from 'murmurhash3js';

/**
 * Unleash's `normalizedValue`: murmurhash3 (x86, 32 bit) of `${groupId}:${id}` mapped to
 * 1..`normalizer`. With the defaults it is the bucket of Unleash's `flexibleRollout` strategy;
 * with `seed` 86028157 and the total weight it is the target of Unleash's variant pick.
 * Sharing the function with Unleash SDKs is what makes rollouts answer like Unleash does.
 */
export function unleashNormalizedValue(
  id: string,
  groupId: string,
  normalizer = 100,
  seed = 0,
): number {
  return (murmurhash3js.x86.hash32(`${groupId}:${id}`, seed) % normalizer) + 1;
}

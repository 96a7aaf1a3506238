import { LuaScript } from './lua-script.js';

/**
 * Lua scripts of the single-instance lock. KEYS[1] is the lock hash (`session`, `token`,
 * `holds`, expiring with the lease), KEYS[2] the resource's fencing counter. Each script is one
 * atomic step on the server, so no other client sees a half-taken or half-released lock.
 */

/**
 * Takes the lock if it is free (the `SET NX PX` step, with the token drawn from `INCR` on the
 * fencing counter), or re-enters it for the same session (holds + 1, expiry raised to at least
 * the new ttl). ARGV: session, ttl ms. Reply: `{token, remaining ttl ms}`, or nil when another
 * session holds it.
 */
export const ACQUIRE_SCRIPT = new LuaScript(`
local session = redis.call('HGET', KEYS[1], 'session')
local ttl = tonumber(ARGV[2])
if session then
  if session ~= ARGV[1] then return false end
  redis.call('HINCRBY', KEYS[1], 'holds', 1)
  if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
  return {tonumber(redis.call('HGET', KEYS[1], 'token')), redis.call('PTTL', KEYS[1])}
end
local token = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'session', ARGV[1], 'token', token, 'holds', 1)
redis.call('PEXPIRE', KEYS[1], ttl)
return {token, ttl}
`);

/**
 * Compare-and-extend: sets the expiry to ttl when the lock still carries the token.
 * ARGV: token, ttl ms. Reply: 1 when extended, 0 when the token no longer holds the lock.
 */
export const EXTEND_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return 1
`);

/**
 * Compare-and-delete: drops one hold when the lock still carries the token and deletes the
 * lock with its last hold. ARGV: token. Reply: holds left (0 = freed), or -1 when not held.
 */
export const RELEASE_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[1] then return -1 end
local holds = redis.call('HINCRBY', KEYS[1], 'holds', -1)
if holds <= 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
return holds
`);

import { LuaScript } from './lua-script.js';

/**
 * Lua scripts Redlock runs on each node. KEYS[1] is the node's lock hash (`session`, `token`,
 * `holds`), KEYS[2] its fencing counter for the resource. Acquisition has two phases: `LOCK`
 * on every node, then, once a quorum is locked and the token chosen, `FENCE` on those nodes.
 */

/**
 * Phase 1: locks the node for the session (token 0 until fenced), or re-enters the session's
 * lock. ARGV: session, ttl ms. Reply: `{reentered 0|1, counter or token, holds, remaining ms}`,
 * or nil when another session holds it.
 */
export const REDLOCK_LOCK_SCRIPT = new LuaScript(`
local session = redis.call('HGET', KEYS[1], 'session')
local ttl = tonumber(ARGV[2])
if session then
  if session ~= ARGV[1] then return false end
  local holds = redis.call('HINCRBY', KEYS[1], 'holds', 1)
  if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
  return {1, tonumber(redis.call('HGET', KEYS[1], 'token')), holds, redis.call('PTTL', KEYS[1])}
end
redis.call('HSET', KEYS[1], 'session', ARGV[1], 'token', 0, 'holds', 1)
redis.call('PEXPIRE', KEYS[1], ttl)
return {0, tonumber(redis.call('GET', KEYS[2]) or '0'), 1, ttl}
`);

/**
 * Phase 2: stamps the chosen token (and hold count) on the session's lock and raises the
 * node's fencing counter to it. ARGV: session, token, holds. Reply: 1, or 0 when the session
 * lost the node meanwhile.
 */
export const REDLOCK_FENCE_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'session') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'token', ARGV[2], 'holds', ARGV[3])
if tonumber(redis.call('GET', KEYS[2]) or '0') < tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], ARGV[2])
end
return 1
`);

/**
 * Compare-and-extend on one node. ARGV: session, token, ttl ms. Reply: 1 when extended, else 0.
 */
export const REDLOCK_EXTEND_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'session') ~= ARGV[1] then return 0 end
if redis.call('HGET', KEYS[1], 'token') ~= ARGV[2] then return 0 end
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return 1
`);

/**
 * Compare-and-delete on one node: drops one hold of the session's lock with the token (or with
 * token 0: a phase-1 lock of this session never fenced, e.g. its reply came after the node's
 * timeout; any token when ARGV[2] is empty, to undo a partial acquisition) and deletes the lock
 * with its last hold. ARGV: session, token or ''. Reply: holds left (0 = freed), or -1 when
 * not held.
 */
export const REDLOCK_RELEASE_SCRIPT = new LuaScript(`
if redis.call('HGET', KEYS[1], 'session') ~= ARGV[1] then return -1 end
local token = redis.call('HGET', KEYS[1], 'token')
if ARGV[2] ~= '' and token ~= ARGV[2] and token ~= '0' then return -1 end
local holds = redis.call('HINCRBY', KEYS[1], 'holds', -1)
if holds <= 0 then
  redis.call('DEL', KEYS[1])
  return 0
end
return holds
`);

import { LuaScript } from './lua-script.js';

/**
 * Lua scripts of the fair (FIFO) lock. KEYS: 1 lock hash (`session`, `token`, `holds`),
 * 2 fencing counter, 3 queue (ZSET ticket → arrival number), 4 liveness (ZSET ticket → time in
 * ms after which a waiter that stopped polling is dropped), 5 arrival counter. Time comes from
 * the Redis server (`TIME`), so waiters on different machines agree on it.
 */

/** Drops waiters whose liveness ran out; `now` is the server time in ms. */
const DROP_SILENT_WAITERS = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local silent = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', now, 'LIMIT', 0, 100)
if #silent > 0 then
  redis.call('ZREM', KEYS[3], unpack(silent))
  redis.call('ZREM', KEYS[4], unpack(silent))
end
`;

/**
 * Takes the lock when it is free and the ticket is first in line (or the line is empty), or
 * re-enters it for the same session; otherwise queues the ticket (keeping its place and
 * renewing its liveness). An empty ticket never queues (`tryAcquire`) and, to stay fair, does not
 * take a free lock others are queued for. ARGV: session, ttl ms, ticket or '', liveness ms.
 * Reply: `{token, remaining ttl ms}`, or nil when not granted.
 */
export const FAIR_ACQUIRE_SCRIPT = new LuaScript(`${DROP_SILENT_WAITERS}
local ttl = tonumber(ARGV[2])
local ticket = ARGV[3]
local session = redis.call('HGET', KEYS[1], 'session')
if session == ARGV[1] then
  redis.call('HINCRBY', KEYS[1], 'holds', 1)
  if redis.call('PTTL', KEYS[1]) < ttl then redis.call('PEXPIRE', KEYS[1], ttl) end
  if ticket ~= '' then
    redis.call('ZREM', KEYS[3], ticket)
    redis.call('ZREM', KEYS[4], ticket)
  end
  return {tonumber(redis.call('HGET', KEYS[1], 'token')), redis.call('PTTL', KEYS[1])}
end
local head = redis.call('ZRANGE', KEYS[3], 0, 0)[1]
if session or (head and head ~= ticket) then
  if ticket == '' then return false end
  local liveness = tonumber(ARGV[4])
  if not redis.call('ZSCORE', KEYS[3], ticket) then
    redis.call('ZADD', KEYS[3], redis.call('INCR', KEYS[5]), ticket)
  end
  redis.call('ZADD', KEYS[4], now + liveness, ticket)
  for i = 3, 5 do redis.call('PEXPIRE', KEYS[i], liveness * 2) end
  return false
end
if head then
  redis.call('ZREM', KEYS[3], ticket)
  redis.call('ZREM', KEYS[4], ticket)
end
local token = redis.call('INCR', KEYS[2])
redis.call('HSET', KEYS[1], 'session', ARGV[1], 'token', token, 'holds', 1)
redis.call('PEXPIRE', KEYS[1], ttl)
return {token, ttl}
`);

/** Removes a ticket from the line (a waiter giving up). ARGV: ticket. Reply: 1 if it was queued. */
export const FAIR_LEAVE_SCRIPT = new LuaScript(`
redis.call('ZREM', KEYS[2], ARGV[1])
return redis.call('ZREM', KEYS[1], ARGV[1])
`);

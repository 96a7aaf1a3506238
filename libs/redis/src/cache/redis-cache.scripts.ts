import { LuaScript } from '../locks/lua-script.js';

// Layout: an entry is a hash { v = payload JSON, t = JSON array of the Redis keys of its tag
// sets }; a tag is a set of the Redis keys of its entries. Scripts only touch keys of one hash
// slot (the cache's keys carry a `{namespace:scope}` hash tag), so they also run on a Cluster.
// Members and `t` hold full Redis key names (the client's keyPrefix included), so the scripts
// can address them directly.

/** Removes entry KEYS[1] from the tag sets it belongs to (not from `skip`, if given). */
const UNLINK_FROM_TAGS = `
local function unlink(entry, skip)
  local old = redis.call('HGET', entry, 't')
  if not old then return end
  for _, tag in ipairs(cjson.decode(old)) do
    if tag ~= skip then redis.call('SREM', tag, entry) end
  end
end
`;

/**
 * KEYS: entry, tag sets...; ARGV: payload, ttl ms ('' for none), prune sample size.
 * Replaces the entry (leaving its old tag sets), joins the new tag sets, keeps each tag set
 * alive at least as long as the entry, and drops a few dead members per tag set so sets of
 * expiring entries do not grow forever.
 */
export const WRITE_ENTRY = new LuaScript(`${UNLINK_FROM_TAGS}
local entry = KEYS[1]
unlink(entry, nil)
redis.call('DEL', entry)
local tags = {}
for i = 2, #KEYS do tags[#tags + 1] = KEYS[i] end
local encoded = '[]'
if #tags > 0 then encoded = cjson.encode(tags) end
redis.call('HSET', entry, 'v', ARGV[1], 't', encoded)
local ttl = tonumber(ARGV[2])
if ttl then redis.call('PEXPIRE', entry, ttl) end
local sample = tonumber(ARGV[3])
for _, tag in ipairs(tags) do
  if sample > 0 then
    for _, member in ipairs(redis.call('SRANDMEMBER', tag, sample)) do
      if redis.call('EXISTS', member) == 0 then redis.call('SREM', tag, member) end
    end
  end
  local remaining = redis.call('PTTL', tag)
  redis.call('SADD', tag, entry)
  if not ttl then
    redis.call('PERSIST', tag)
  elseif remaining == -2 or (remaining >= 0 and remaining < ttl) then
    redis.call('PEXPIRE', tag, ttl)
  end
end
return 1
`);

/** KEYS: entry. Deletes it and its tag memberships; returns 1 when a live entry existed. */
export const REMOVE_ENTRY = new LuaScript(`${UNLINK_FROM_TAGS}
unlink(KEYS[1], nil)
return redis.call('DEL', KEYS[1])
`);

/**
 * KEYS: tag set; ARGV: batch size. Pops up to a batch of entries from the tag set and deletes
 * them (and their other memberships); returns how many it popped. Callers repeat until fewer
 * than a batch come back, so a huge tag never blocks Redis in one long script.
 */
export const REMOVE_TAGGED_BATCH = new LuaScript(`${UNLINK_FROM_TAGS}
local members = redis.call('SPOP', KEYS[1], tonumber(ARGV[1]))
for _, entry in ipairs(members) do
  unlink(entry, KEYS[1])
  redis.call('DEL', entry)
end
return #members
`);

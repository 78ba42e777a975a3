/**
 * The breaker's state machine in Lua, mirroring MemoryBreaker, so every
 * replica reads and changes one shared state in a single round trip.
 * A hash per key: state, opened_at, probe_at, win_start, calls, fails.
 */

/** KEYS[1] hash; ARGV now, cooldownMs, ttlMs → {allowed 0|1, state}. */
export const ACQUIRE_SCRIPT = `
local h = redis.call('HMGET', KEYS[1], 'state', 'opened_at', 'probe_at')
local state = h[1] or 'closed'
local now = tonumber(ARGV[1])
local cooldown = tonumber(ARGV[2])
if state == 'open' then
  if now - tonumber(h[2] or 0) < cooldown then return {0, 'open'} end
  redis.call('HSET', KEYS[1], 'state', 'half-open', 'probe_at', now)
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return {1, 'half-open'}
end
if state == 'half-open' then
  if now - tonumber(h[3] or 0) < cooldown then return {0, 'half-open'} end
  redis.call('HSET', KEYS[1], 'probe_at', now)
  return {1, 'half-open'}
end
return {1, 'closed'}
`;

/**
 * KEYS[1] hash; ARGV now, successes, failures, probe 1|0, windowMs,
 * minimumCalls, failureRate, ttlMs → state. Successes may be a batch counted
 * by one replica since its last sync; `probe` marks the one call a half-open
 * breaker let through, whose result alone closes or reopens it.
 */
export const RECORD_SCRIPT = `
local h = redis.call('HMGET', KEYS[1], 'state', 'win_start', 'calls', 'fails')
local state = h[1] or 'closed'
local now = tonumber(ARGV[1])
local successes = tonumber(ARGV[2])
local failures = tonumber(ARGV[3])
if state == 'half-open' then
  if ARGV[4] ~= '1' then return 'half-open' end
  if failures == 0 then
    redis.call('DEL', KEYS[1])
    return 'closed'
  end
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', now)
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
  return 'open'
end
if state == 'open' then return 'open' end
local win = tonumber(h[2] or 0)
local calls = tonumber(h[3] or 0)
local fails = tonumber(h[4] or 0)
if now - win >= tonumber(ARGV[5]) then
  win = now
  calls = 0
  fails = 0
end
calls = calls + successes + failures
fails = fails + failures
if failures > 0 and calls >= tonumber(ARGV[6]) and fails / calls >= tonumber(ARGV[7]) then
  redis.call('HSET', KEYS[1], 'state', 'open', 'opened_at', now, 'win_start', now, 'calls', 0, 'fails', 0)
  redis.call('PEXPIRE', KEYS[1], ARGV[8])
  return 'open'
end
redis.call('HSET', KEYS[1], 'state', 'closed', 'win_start', win, 'calls', calls, 'fails', fails)
redis.call('PEXPIRE', KEYS[1], ARGV[8])
return 'closed'
`;

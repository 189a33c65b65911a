-- Fixed window: one counter per caller for the current window; windows start at multiples of the window on Redis's
-- clock, the same for every caller. Cheap (one small hash), but a client may spend one window's budget at its end and
-- the next window's at its start: up to twice the limit within one window's span.
-- KEYS[1] the caller's counter (a hash: start, count); ARGV[1] limit; ARGV[2] window (ms).
-- Returns {allowed 0|1, requests left, epoch ms when the window ends, ms until it does (0 if allowed)}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local start = now - (now % window)
local state = redis.call('HMGET', KEYS[1], 'start', 'count')
local count = 0
if tonumber(state[1]) == start then
  count = tonumber(state[2])
end
local allowed = 0
if count < limit then
  count = count + 1
  allowed = 1
  redis.call('HSET', KEYS[1], 'start', start, 'count', count)
  redis.call('PEXPIRE', KEYS[1], start + window - now + 1000)
end
local next_in = 0
if allowed == 0 then
  next_in = start + window - now
end
return { allowed, limit - count, start + window, next_in }

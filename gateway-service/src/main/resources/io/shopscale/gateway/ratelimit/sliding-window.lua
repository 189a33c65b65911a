-- Sliding-window log: one sorted-set member per admitted request, scored by its time (µs, Redis's clock). A request
-- is admitted while fewer than `limit` members are younger than the window, so no span of one window ever holds more
-- than `limit` admissions, at a window boundary or anywhere else. Refused requests are not logged: the set never
-- holds more than `limit` members, whatever a client sends.
-- KEYS[1] the caller's log; ARGV[1] limit; ARGV[2] window (ms).
-- Returns {allowed 0|1, requests left, epoch ms when the log is empty again, ms until one more is allowed (0 if allowed)}.
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2]) * 1000
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000000 + tonumber(clock[2])
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
local count = redis.call('ZCARD', KEYS[1])
local allowed = 0
if count < limit then
  -- unique even for two requests in one microsecond: the second one sees one more member
  redis.call('ZADD', KEYS[1], now, clock[1] .. '.' .. clock[2] .. ':' .. count)
  count = count + 1
  allowed = 1
end
redis.call('PEXPIRE', KEYS[1], math.ceil(window / 1000) + 1000)
local next_in = 0
if allowed == 0 then
  local oldest = redis.call('ZRANGE', KEYS[1], 0, 0, 'WITHSCORES')
  next_in = math.ceil((tonumber(oldest[2]) + window - now) / 1000)
end
local newest = redis.call('ZRANGE', KEYS[1], -1, -1, 'WITHSCORES')
return { allowed, limit - count, math.ceil((tonumber(newest[2]) + window) / 1000), next_in }

-- Token bucket: refilled lazily at each take, from Redis's clock (instances with skewed clocks still agree).
-- KEYS[1] the caller's bucket (a hash: tokens, at); ARGV[1] tokens added a second; ARGV[2] bucket size.
-- Returns {allowed 0|1, whole tokens left, epoch ms when full again, ms until the next token (0 if allowed)}.
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)
local state = redis.call('HMGET', KEYS[1], 'tokens', 'at')
local tokens = tonumber(state[1])
local at = tonumber(state[2])
if tokens == nil or at == nil then
  tokens = burst
  at = now
end
tokens = math.min(burst, tokens + math.max(0, now - at) * rate / 1000)
local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
local full_in = math.ceil((burst - tokens) * 1000 / rate)
redis.call('HSET', KEYS[1], 'tokens', tostring(tokens), 'at', tostring(now))
redis.call('PEXPIRE', KEYS[1], full_in + 1000)
local next_in = 0
if allowed == 0 then
  next_in = math.ceil((1 - tokens) * 1000 / rate)
end
return { allowed, math.floor(tokens), now + full_in, next_in }

-- Batches not finished yet: queued, leased or waiting for a retry. One script, so a batch moving between
-- these keys is never missed (three separate reads could see it in none of them).
-- KEYS[1] wait, KEYS[2] active, KEYS[3] delayed
return redis.call('LLEN', KEYS[1]) + redis.call('ZCARD', KEYS[2]) + redis.call('ZCARD', KEYS[3])

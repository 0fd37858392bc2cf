namespace DataPlane.Routing.CircuitBreakers;

/// <summary>
/// The Lua scripts behind <see cref="CircuitBreakerStore"/>: one per operation, so each decision is atomic across replicas.
/// A breaker is one hash: <c>f</c> consecutive failures, <c>o</c> open-until, <c>p</c> probe-lease-until (Unix ms on the
/// callers' clock, passed in ARGV). No <c>o</c> = closed; <c>now &lt; o</c> = open; otherwise half-open.
/// SE.Redis sends these as EVALSHA once it has loaded them (and re-sends them after a server restart).
/// </summary>
internal static class CircuitBreakerScripts
{
    /// <summary>
    /// Which of KEYS must be skipped now. ARGV[1] = now; per key i: ARGV[2i] = probe lease until, ARGV[2i+1] = idle TTL (ms).
    /// A half-open breaker with no live probe lease hands the lease to this caller (reported as not open); a lease of 0 only
    /// peeks (reported as not open, the lease left for whoever calls the target).
    /// Returns a bit mask (bit i-1 set = KEYS[i] open), so at most <see cref="MaxKeysPerCheck"/> keys per call.
    /// </summary>
    public const string Check = """
        local now = tonumber(ARGV[1])
        local mask = 0
        local bit = 1
        for i = 1, #KEYS do
          local state = redis.call('HMGET', KEYS[i], 'o', 'p')
          local openUntil = tonumber(state[1])
          if openUntil then
            if now < openUntil then
              mask = mask + bit
            else
              local probeUntil = tonumber(state[2])
              if probeUntil and now < probeUntil then
                mask = mask + bit
              elseif ARGV[2 * i] ~= '0' then
                redis.call('HSET', KEYS[i], 'p', ARGV[2 * i])
                redis.call('PEXPIRE', KEYS[i], ARGV[2 * i + 1])
              end
            end
          end
          bit = bit * 2
        end
        return mask
        """;

    /// <summary>
    /// The outcome of one attempt. ARGV: now, failure (1/0), threshold, open until (now + cooldown), idle TTL (ms).
    /// Success: closes the breaker unless it is open with cooldown still running (a straggler that started before it opened).
    /// Failure: closed → count, opening at the threshold; half-open (the probe, or a straggler) → open again at once;
    /// open → nothing (the cooldown is not extended).
    /// Returns 1 when the breaker is open afterwards.
    /// </summary>
    public const string Record = """
        local now = tonumber(ARGV[1])
        local openUntil = tonumber(redis.call('HGET', KEYS[1], 'o'))
        if openUntil and now < openUntil then
          return 1
        end
        if ARGV[2] == '0' then
          redis.call('DEL', KEYS[1])
          return 0
        end
        if openUntil then
          redis.call('HSET', KEYS[1], 'o', ARGV[4])
          redis.call('HDEL', KEYS[1], 'p')
          redis.call('PEXPIRE', KEYS[1], ARGV[5])
          return 1
        end
        local failures = redis.call('HINCRBY', KEYS[1], 'f', 1)
        local opened = 0
        if failures >= tonumber(ARGV[3]) then
          redis.call('HSET', KEYS[1], 'o', ARGV[4])
          opened = 1
        end
        redis.call('PEXPIRE', KEYS[1], ARGV[5])
        return opened
        """;

    /// <summary>Lua numbers are doubles: a mask of 48 bits stays exact.</summary>
    public const int MaxKeysPerCheck = 48;
}

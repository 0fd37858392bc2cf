using DataPlane.Inference;
using DataPlane.Providers;
using DataPlane.Routing;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace DataPlane.Caching;

/// <summary>
/// The simple and semantic response cache, in Redis so every replica shares it. An entry is the bytes a client
/// got (JSON body or SSE stream) under the SHA-256 of the normalised request (<see cref="CacheKeyBuilder"/>);
/// semantic mode also keeps each entry's embedding in a Redis list per bucket (same request but for its messages),
/// compared in process. Redis trouble never fails a request: every call is bounded and a failure is a <c>MISS</c>.
/// </summary>
internal sealed class ResponseCache(
    IConnectionMultiplexer redis,
    ProviderRegistry providers,
    TimeProvider time,
    ILogger<ResponseCache> logger,
    IOptions<ResponseCacheOptions> options,
    IOptions<SemanticCacheOptions> semanticOptions)
{
    private readonly EmbeddingClient _embeddings = new(providers);
    private int _redisDown;

    private TimeSpan RedisTimeout => TimeSpan.FromMilliseconds(options.Value.RedisTimeoutMs);

    public async ValueTask<CacheLookup> LookupAsync(CacheRequest request, CancellationToken cancellationToken)
    {
        if (request.Request.Operation is not (InferenceOperation.ChatCompletions or InferenceOperation.Completions or InferenceOperation.Embeddings))
        {
            return new CacheLookup(CacheStatus.Disabled, null, null, null);
        }

        var (embeddingTarget, text) = SemanticInput(request);
        var semantic = embeddingTarget is not null;
        if (CacheKeyBuilder.Build(request, semantic) is not { } key)
        {
            return new CacheLookup(CacheStatus.Miss, null, null, null);
        }

        if (request.ForceRefresh)
        {
            var refreshed = semantic ? await EmbedAsync(embeddingTarget!, text!, cancellationToken) : null;
            return new CacheLookup(CacheStatus.Refresh, null, key, refreshed);
        }

        var (read, stored) = await RedisAsync(db => db.StringGetAsync(key.EntryKey), cancellationToken);
        if (!read)
        {
            return new CacheLookup(CacheStatus.Miss, null, key, null);
        }

        if (Usable(stored, key) is { } exact)
        {
            return new CacheLookup(CacheStatus.Hit, new CachedResponse(exact), key, null);
        }

        if (!semantic)
        {
            return new CacheLookup(CacheStatus.Miss, null, key, null);
        }

        if (await EmbedAsync(embeddingTarget!, text!, cancellationToken) is not { } vector)
        {
            return new CacheLookup(CacheStatus.SemanticMiss, null, key, null);
        }

        if (await NearestAsync(key, vector, request.Policy.SimilarityThreshold, cancellationToken) is { } nearest)
        {
            return new CacheLookup(CacheStatus.SemanticHit, new CachedResponse(nearest), key, null);
        }

        return new CacheLookup(CacheStatus.SemanticMiss, null, key, vector);
    }

    /// <summary>
    /// The fresh <paramref name="response"/>, wrapped so that writing it also stores it (when it is a whole 200),
    /// off the response path. A hit, or a lookup that cannot be stored, gets the response back unchanged.
    /// </summary>
    public ProviderResponse StoreOnSuccess(ProviderResponse response, CacheLookup lookup)
    {
        if (lookup.IsHit || lookup.Key is not { } key || key.Policy.MaxAge <= TimeSpan.Zero)
        {
            return response;
        }

        return new CapturingResponse(response, options.Value.MaxCaptureBytes, entry =>
        {
            // Serialised now: the captured bytes belong to the response that is finishing.
            var bytes = (entry with { IncludeUsage = key.IncludeUsage }).Serialize();
            _ = StoreAsync(key, bytes, lookup.Vector);
        });
    }

    private (RouteTarget? Target, string? Text) SemanticInput(CacheRequest request)
    {
        if (!request.Policy.Semantic || request.Request.Operation != InferenceOperation.ChatCompletions)
        {
            return (null, null);
        }

        var model = request.Policy.EmbeddingModel ?? semanticOptions.Value.EmbeddingModel;
        if (string.IsNullOrWhiteSpace(model) || SemanticText.From(request.Request.Body) is not { } text)
        {
            return (null, null);
        }

        if (EmbeddingClient.Resolve(model, request.Key, request.Snapshot) is not { } target)
        {
            CacheLog.EmbeddingModelUnusable(logger, model);
            return (null, null);
        }

        return (target, text);
    }

    private async Task<float[]?> EmbedAsync(RouteTarget target, string text, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromMilliseconds(semanticOptions.Value.EmbeddingTimeoutMs));
        try
        {
            var vector = await _embeddings.EmbedAsync(target, text, timeout.Token);
            if (vector is null)
            {
                CacheLog.EmbeddingFailed(logger, target.Provider.Slug, "no usable embedding in the answer");
            }

            return vector;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            CacheLog.EmbeddingFailed(logger, target.Provider.Slug, "timed out");
            return null;
        }
    }

    private async Task<CachedEntry?> NearestAsync(CacheEntryKey key, float[] vector, double threshold, CancellationToken cancellationToken)
    {
        var max = semanticOptions.Value.MaxVectorsPerBucket;
        var (ok, members) = await RedisAsync(db => db.ListRangeAsync(key.BucketKey, 0, max - 1), cancellationToken);
        if (!ok || members is null)
        {
            return null;
        }

        string? best = null;
        var bestSimilarity = double.MinValue;
        foreach (var member in members)
        {
            if (VectorEntry.Read(member) is not { } stored)
            {
                continue;
            }

            var similarity = VectorMath.Cosine(vector, VectorMath.FromBytes(stored.Vector.Span));
            if (similarity > bestSimilarity)
            {
                bestSimilarity = similarity;
                best = stored.EntryKey;
            }
        }

        if (best is null || bestSimilarity < threshold)
        {
            return null;
        }

        var (read, entry) = await RedisAsync(db => db.StringGetAsync(best), cancellationToken);
        return read ? Usable(entry, key) : null;
    }

    private static CachedEntry? Usable(RedisValue value, CacheEntryKey key)
    {
        if (value.IsNull || CachedEntry.Deserialize((byte[])value!) is not { } entry)
        {
            return null;
        }

        // A replayed stream carries the usage chunk or not as the first client asked; a client asking otherwise refreshes it.
        return key.Stream && entry.IncludeUsage != key.IncludeUsage ? null : entry;
    }

    private async Task StoreAsync(CacheEntryKey key, byte[] entry, float[]? vector)
    {
        try
        {
            await RedisAsync(db =>
            {
                var ttl = key.Policy.MaxAge;
                var batch = db.CreateBatch();
                var tasks = new List<Task> { batch.StringSetAsync(key.EntryKey, entry, ttl) };
                if (vector is not null && key.BucketKey is not null)
                {
                    tasks.Add(batch.ListLeftPushAsync(key.BucketKey, VectorEntry.Write(key.EntryKey, vector)));
                    tasks.Add(batch.ListTrimAsync(key.BucketKey, 0, semanticOptions.Value.MaxVectorsPerBucket - 1));
                    tasks.Add(batch.KeyExpireAsync(key.BucketKey, ttl));
                }

                batch.Execute();
                return Task.WhenAll(tasks).ContinueWith(static _ => true, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            }, CancellationToken.None);
        }
        catch (Exception ex)
        {
            // Off the response path: nothing may escape as an unobserved exception.
            CacheLog.StoreFailed(logger, ex.GetType().Name);
        }
    }

    /// <summary>One bounded Redis call: (false, default) when Redis is away, slow or failing; an outage is logged once.</summary>
    private async Task<(bool Ok, T? Value)> RedisAsync<T>(Func<IDatabase, Task<T>> call, CancellationToken cancellationToken)
    {
        if (!redis.IsConnected)
        {
            NoteDown("not connected");
            return (false, default);
        }

        Task<T>? task = null;
        try
        {
            task = call(redis.GetDatabase());
            var value = await task.WaitAsync(RedisTimeout, time, cancellationToken);
            if (Interlocked.Exchange(ref _redisDown, 0) == 1)
            {
                CacheLog.RedisRecovered(logger);
            }

            return (true, value);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (timeout, connection, a disposed multiplexer at shutdown) is a pass-through, never a 500.
            // The abandoned call may still fail later: observe it so it is not an unobserved task exception.
            _ = task?.ContinueWith(static t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            NoteDown(ex.GetType().Name);
            return (false, default);
        }
    }

    private void NoteDown(string reason)
    {
        if (Interlocked.Exchange(ref _redisDown, 1) == 0)
        {
            CacheLog.RedisUnavailable(logger, reason);
        }
    }
}

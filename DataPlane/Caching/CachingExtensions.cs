namespace DataPlane.Caching;

internal static class CachingExtensions
{
    /// <summary>The response cache (<see cref="ResponseCache"/>); needs the Redis client the data plane already registers.</summary>
    public static IHostApplicationBuilder AddResponseCache(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ResponseCacheOptions>().BindConfiguration(ResponseCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<SemanticCacheOptions>().BindConfiguration(SemanticCacheOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<ResponseCache>();
        return builder;
    }
}

using LogIngestor.Ingestion;
using LogIngestor.Retention;
using LogIngestor.Schema;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
// Order matters: the schema migrates (in a hosted service's StartAsync) before the bus starts consuming.
builder.AddAnalyticsSchema();
builder.AddUsageIngestion();
builder.AddRetention();

var app = builder.Build();
app.MapDefaultEndpoints();
app.Run();

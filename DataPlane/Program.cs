using DataPlane.Errors;
using DataPlane.Hosting;
using DataPlane.Inference;
using DataPlane.Models;
using DataPlane.Snapshots;
using DataPlane.Usage;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayOptions();
builder.AddOpenAiErrors();
builder.AddSnapshots();
builder.AddUsageEvents();
builder.AddInference();

var app = builder.Build();
app.UseOpenAiErrors();
app.MapDefaultEndpoints();
app.MapInferenceApi();
app.MapModelsApi();
app.Run();

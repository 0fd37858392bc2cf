using ControlPlane.ApiKeys;
using ControlPlane.Audit;
using ControlPlane.Catalog;
using ControlPlane.Configuration;
using ControlPlane.Http;
using ControlPlane.Logs;
using ControlPlane.Providers;
using ControlPlane.Snapshots;
using ControlPlane.Workspaces;

var builder = WebApplication.CreateBuilder(args);
builder.AddServiceDefaults();
builder.AddGatewayOptions();
builder.AddCatalog();
builder.AddSnapshots();
builder.AddRequestLogs();
builder.AddAdminApi();

var app = builder.Build();
app.UseAdminApi();
app.MapDefaultEndpoints();
app.MapApiReference();
app.MapWorkspacesApi();
app.MapProvidersApi();
app.MapApiKeysApi();
app.MapLogsApi();
app.MapAuditLogsApi();
app.Run();

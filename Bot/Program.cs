using CityDealBot.Coffee;
using CityDealBot.CopSessions;
using CityDealBot.Connector;
using CityDealBot.Dashboard;
using CityDealBot.Deals;
using CityDealBot.Dispatch;
using CityDealBot.Elections.Lobby;
using CityDealBot.Graph;
using CityDealBot.Lifecycle;
using CityDealBot.Operations;
using CityDealBot.Privacy;
using CityDealBot.Pulse;
using CityDealBot.Speeddates;
using CityDealBot.Storage;
using CityDealBot.Teams;

var builder = WebApplication.CreateBuilder(args);

builder.AddTestingHooks();
builder.AddTelemetry();
builder.AddStorage();
builder.AddPeriodicJobs();
builder.AddSignedLinks();
builder.AddConnector();
builder.AddDispatch();
builder.AddTeams();
builder.AddDeals();
builder.AddGraph();
builder.AddPulse();
builder.AddElections();
builder.AddPrivacy();
builder.AddSpeeddates();
builder.AddCopSessions();
builder.AddCoffee();
builder.AddLifecycle();
builder.AddDashboard();
builder.AddHealth();

var app = builder.Build();

app.MapConnector();
app.MapHealth();
app.MapFeatureEndpoints();
app.MapTestingHooks();

app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

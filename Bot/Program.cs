using CityDealBot.CopSessions;
using CityDealBot.Connector;
using CityDealBot.Deals;
using CityDealBot.Elections.Lobby;
using CityDealBot.Operations;
using CityDealBot.Storage;
using CityDealBot.Teams;

var builder = WebApplication.CreateBuilder(args);

builder.AddTestingHooks();
builder.AddStorage();
builder.AddConnector();
builder.AddTeams();
builder.AddDeals();
builder.AddElections();
builder.AddCopSessions();
builder.AddHealth();

var app = builder.Build();

app.MapConnector();
app.MapHealth();
app.MapCopSessions();
app.MapTestingHooks();

app.Run();

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;

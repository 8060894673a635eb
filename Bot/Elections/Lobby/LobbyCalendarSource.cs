namespace CityDealBot.Elections.Lobby;

/// <summary>The election calendar with the admins' changes applied, rebuilt when they change.</summary>
public sealed class LobbyCalendarSource(LobbyStore store)
{
    private (int Count, DealLobbyCalendar Calendar)? _cached;

    public async Task<DealLobbyCalendar> GetAsync(CancellationToken ct)
    {
        var overrides = await store.GetOverridesAsync(ct);
        var cached = _cached;
        if (cached is { } c && c.Count == overrides.Count)
        {
            return c.Calendar;
        }

        var calendar = new DealLobbyCalendar(ElectionCalendar.WithShippedData(overrides), LobbyTimeline.Standard);
        _cached = (overrides.Count, calendar);
        return calendar;
    }
}

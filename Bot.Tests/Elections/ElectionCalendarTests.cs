using System.Globalization;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

public class ShippedElectionDataTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    [Fact]
    public void Every_shipped_election_has_a_unique_id_and_a_web_source()
    {
        var elections = ShippedElectionData.Elections;
        Assert.True(elections.Count >= 25);
        Assert.Equal(elections.Count, elections.Select(e => e.Id).Distinct().Count());
        Assert.All(elections, e => Assert.Contains(e.Sources, s => s.StartsWith("http", StringComparison.Ordinal)));
        Assert.All(elections, e => Assert.False(string.IsNullOrWhiteSpace(e.LegalBasis)));
    }

    // The reference table (elections.json of the research), kind/date/status.
    [Theory]
    [InlineData("tweede_kamer", "2025-10-29", ElectionDateStatus.Held)]
    [InlineData("gemeenteraad", "2026-03-18", ElectionDateStatus.Official)]
    [InlineData("provinciale_staten", "2027-03-17", ElectionDateStatus.Computed)]
    [InlineData("waterschap", "2027-03-17", ElectionDateStatus.Computed)]
    [InlineData("eilandsraad", "2027-03-17", ElectionDateStatus.Computed)]
    [InlineData("kiescollege", "2027-03-17", ElectionDateStatus.Computed)]
    [InlineData("eerste_kamer", "2027-05-24", ElectionDateStatus.Computed)]
    [InlineData("europees_parlement", "2029-06-07", ElectionDateStatus.Estimate)]
    [InlineData("gemeenteraad", "2030-03-20", ElectionDateStatus.Computed)]
    [InlineData("tweede_kamer", "2030-05-15", ElectionDateStatus.Estimate)]
    [InlineData("provinciale_staten", "2031-03-19", ElectionDateStatus.Computed)]
    [InlineData("waterschap", "2031-03-19", ElectionDateStatus.Computed)]
    [InlineData("eerste_kamer", "2031-05-26", ElectionDateStatus.Computed)]
    public void Shipped_data_holds_the_reference_dates(string kind, string date, ElectionDateStatus status)
    {
        var match = ShippedElectionData.Elections.Single(e => e.Kind.Slug() == kind && e.Date == D(date));
        Assert.Equal(status, match.Status);
    }

    [Fact]
    public void Rules_reproduce_every_shipped_computed_or_official_regular_election()
    {
        var checkedCount = 0;
        foreach (var shipped in ShippedElectionData.Elections.Where(e => e.IsNationwide && e.Kind != ElectionKind.TweedeKamer))
        {
            var ruled = ElectionRules.RegularElectionsIn(shipped.Date.Year).SingleOrDefault(r => r.Kind == shipped.Kind);
            Assert.NotNull(ruled);
            Assert.Equal(shipped.Date, ruled.Date);
            if (shipped.NominationDay is { } nomination)
            {
                Assert.Equal(nomination, ruled.NominationDay);
            }
            if (shipped.InstallationDay is { } installation && shipped.Kind is not ElectionKind.EersteKamer)
            {
                Assert.Equal(installation, ruled.InstallationDay);
            }
            checkedCount++;
        }
        Assert.True(checkedCount >= 20);
    }

    [Fact]
    public void Government_lists_have_twelve_provinces_and_21_water_boards_with_sources()
    {
        var directory = GovernmentDirectory.Shipped;
        Assert.Equal(12, directory.Provinces.Count);
        Assert.Equal(21, directory.WaterBoards.Count);
        Assert.Equal(12, directory.Provinces.Select(p => p.Government.Code).Distinct().Count());
        Assert.All(directory.All, g => Assert.StartsWith("http", g.Source, StringComparison.Ordinal));
        Assert.Contains(directory.Provinces, p => p.Government.Name == "Utrecht" && p.Government.Code == "PV26");
        Assert.Contains(directory.WaterBoards, w => w.Government.Name == "Hoogheemraadschap De Stichtse Rijnlanden");
        Assert.Contains(directory.Ministries, m => m.Government.Code == "BZK");
    }

    [Theory]
    [InlineData("nope")]
    [InlineData("")]
    public void Unknown_status_or_kind_is_rejected(string value)
    {
        Assert.Throws<FormatException>(() => ShippedElectionData.ParseStatus(value));
        Assert.Throws<FormatException>(() => ElectionKindNames.FromSlug(value));
    }
}

public class ElectionCalendarTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset Recorded = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("gemeenteraad-2034", "2034-03-15", ElectionDateStatus.Computed)]
    [InlineData("provinciale_staten-2035", "2035-03-21", ElectionDateStatus.Computed)]
    [InlineData("waterschap-2035", "2035-03-21", ElectionDateStatus.Computed)]
    [InlineData("europees_parlement-2034", "2034-06-08", ElectionDateStatus.Estimate)]
    [InlineData("gemeenteraad_herindeling-2033", "2033-11-23", ElectionDateStatus.Computed)]
    public void Future_years_come_from_the_rules(string id, string date, ElectionDateStatus status)
    {
        var calendar = ElectionCalendar.WithShippedData();
        var election = calendar.Between(D("2033-01-01"), D("2035-12-31")).Single(e => e.Id == id);
        Assert.Equal(D(date), election.Date);
        Assert.Equal(status, election.Status);
        Assert.Equal(ElectionOrigin.Rule, election.Origin);
    }

    [Fact]
    public void Shipped_entries_win_over_rules_and_keep_their_sources()
    {
        var calendar = ElectionCalendar.WithShippedData();
        var elections = calendar.Between(D("2026-01-01"), D("2031-12-31"));
        var tk2030 = Assert.Single(elections, e => e.Kind == ElectionKind.TweedeKamer);
        Assert.Equal(D("2030-05-15"), tk2030.Date);
        Assert.Equal(ElectionOrigin.Shipped, tk2030.Origin);
        Assert.NotEmpty(tk2030.Sources);
        Assert.Single(elections, e => e.Kind == ElectionKind.Gemeenteraad && e.Date.Year == 2030);
        Assert.Equal(6, elections.Count(e => e.Kind == ElectionKind.Herindeling && e.IsNationwide));
    }

    [Fact]
    public void Tweede_kamer_chain_continues_after_the_shipped_estimate()
    {
        var calendar = ElectionCalendar.WithShippedData();
        var tk = calendar.Between(D("2026-01-01"), D("2040-12-31")).Where(e => e.Kind == ElectionKind.TweedeKamer).ToList();
        // 2030-05-15 + 9 days result: four years later is past the 2034 spring window, so 2035, a provincial year: May.
        Assert.Equal([D("2030-05-15"), D("2035-05-16"), D("2040-03-21")], tk.Select(e => e.Date));
    }

    [Fact]
    public void Snap_election_override_replaces_the_estimate_and_restarts_the_chain()
    {
        var snap = new Election
        {
            Id = "tweede_kamer-2027",
            Kind = ElectionKind.TweedeKamer,
            Date = D("2027-10-27"),
            Status = ElectionDateStatus.Official,
            NominationDay = D("2027-09-13"),
            AnnouncedOn = D("2027-06-10"),
        };
        var calendar = ElectionCalendar.WithShippedData([ElectionOverride.Upsert(snap, Recorded, "admin")]);
        var tk = calendar.Between(D("2026-01-01"), D("2033-12-31")).Where(e => e.Kind == ElectionKind.TweedeKamer).ToList();
        Assert.Equal([D("2027-10-27"), D("2032-03-17")], tk.Select(e => e.Date));
        Assert.Equal(ElectionOrigin.Override, tk[0].Origin);
        Assert.Equal(ElectionDateStatus.Computed, tk[1].Status);
    }

    [Fact]
    public void Override_can_change_a_date_and_withdraw_an_election()
    {
        var moved = ShippedElectionData.Elections.Single(e => e.Id == "europees_parlement-2029") with { Date = D("2029-05-24"), Status = ElectionDateStatus.Official };
        var calendar = ElectionCalendar.WithShippedData(
        [
            ElectionOverride.Upsert(moved, Recorded),
            ElectionOverride.Withdraw("eilandsraad-2027", Recorded),
        ]);
        var elections = calendar.Between(D("2027-01-01"), D("2029-12-31"));
        Assert.Equal(D("2029-05-24"), Assert.Single(elections, e => e.Kind == ElectionKind.EuropeesParlement).Date);
        Assert.DoesNotContain(elections, e => e.Id == "eilandsraad-2027");
    }

    [Fact]
    public void Withdrawing_a_rule_election_sticks_and_a_later_upsert_brings_it_back()
    {
        var withdrawn = ElectionCalendar.WithShippedData([ElectionOverride.Withdraw("tweede_kamer-2030", Recorded), ElectionOverride.Withdraw("gemeenteraad-2034", Recorded)]);
        var elections = withdrawn.Between(D("2030-01-01"), D("2034-12-31"));
        Assert.DoesNotContain(elections, e => e.Id is "tweede_kamer-2030" or "gemeenteraad-2034");

        var restored = ShippedElectionData.Elections.Single(e => e.Id == "tweede_kamer-2030") with { Date = D("2030-05-22") };
        var back = ElectionCalendar.WithShippedData([ElectionOverride.Withdraw("tweede_kamer-2030", Recorded), ElectionOverride.Upsert(restored, Recorded.AddHours(1))]);
        Assert.Equal(D("2030-05-22"), back.Find("tweede_kamer-2030")?.Date);
    }

    [Fact]
    public void Later_overrides_win_over_earlier_ones()
    {
        var first = ShippedElectionData.Elections.Single(e => e.Id == "europees_parlement-2029") with { Date = D("2029-05-24") };
        var second = first with { Date = D("2029-05-31") };
        var calendar = ElectionCalendar.WithShippedData([ElectionOverride.Upsert(first, Recorded), ElectionOverride.Upsert(second, Recorded.AddDays(1))]);
        Assert.Equal(D("2029-05-31"), calendar.Between(D("2029-01-01"), D("2029-12-31")).Single(e => e.Kind == ElectionKind.EuropeesParlement).Date);
    }

    [Theory]
    [InlineData(GovernmentKind.Municipality, "Utrecht", new[] { ElectionKind.Gemeenteraad })]
    [InlineData(GovernmentKind.Province, "Utrecht", new[] { ElectionKind.ProvincialeStaten, ElectionKind.EersteKamer })]
    [InlineData(GovernmentKind.WaterBoard, "Waterschap Vallei en Veluwe", new[] { ElectionKind.Waterschap })]
    [InlineData(GovernmentKind.Ministry, "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", new[] { ElectionKind.TweedeKamer, ElectionKind.EuropeesParlement })]
    [InlineData(GovernmentKind.CaribbeanPublicBody, "Bonaire", new[] { ElectionKind.Eilandsraad })]
    public void Each_kind_of_government_gets_its_own_elections(GovernmentKind kind, string name, ElectionKind[] expected)
    {
        var calendar = ElectionCalendar.WithShippedData();
        var kinds = calendar.ForGovernment(new Government(kind, name), D("2026-06-01"), D("2031-12-31")).Select(e => e.Kind).Distinct().Order();
        Assert.Equal(expected.Order(), kinds);
    }

    [Fact]
    public void Merging_municipalities_get_the_merger_election_and_skip_the_close_regular_one()
    {
        var merger = new Election
        {
            Id = "gemeenteraad_herindeling-2027-hoeksewaard",
            Kind = ElectionKind.Herindeling,
            Date = D("2027-11-24"),
            Status = ElectionDateStatus.Official,
            MergerDate = D("2028-01-01"),
            Municipalities = ["Oostdorp", "Westdorp"],
            NewMunicipality = "Middenland",
        };
        var calendar = ElectionCalendar.WithShippedData([ElectionOverride.Upsert(merger, Recorded)]);
        foreach (var name in new[] { "Gemeente Oostdorp", "Westdorp", "Middenland" })
        {
            var elections = calendar.ForGovernment(new Government(GovernmentKind.Municipality, name.Replace("Gemeente ", "", StringComparison.Ordinal)), D("2026-06-01"), D("2034-12-31"));
            Assert.Contains(elections, e => e.Id == merger.Id);
            Assert.DoesNotContain(elections, e => e.Kind == ElectionKind.Gemeenteraad && e.Date.Year == 2030);
            Assert.Contains(elections, e => e.Kind == ElectionKind.Gemeenteraad && e.Date.Year == 2034);
            Assert.DoesNotContain(elections, e => e.Kind == ElectionKind.Herindeling && e.IsNationwide);
        }
        var bystander = calendar.ForGovernment(new Government(GovernmentKind.Municipality, "Utrecht"), D("2026-06-01"), D("2034-12-31"));
        Assert.DoesNotContain(bystander, e => e.Kind == ElectionKind.Herindeling);
        Assert.Contains(bystander, e => e.Kind == ElectionKind.Gemeenteraad && e.Date.Year == 2030);
    }

    [Fact]
    public void Voorne_aan_zee_votes_in_2026_after_its_2023_merger()
    {
        var calendar = ElectionCalendar.WithShippedData();
        var elections = calendar.ForGovernment(new Government(GovernmentKind.Municipality, "Voorne aan Zee"), D("2022-01-01"), D("2026-12-31"));
        Assert.Equal(["gemeenteraad_herindeling-2022-voorne-aan-zee", "gemeenteraad-2026"], elections.Select(e => e.Id));
        var brielle = calendar.ForGovernment(new Government(GovernmentKind.Municipality, "Brielle"), D("2022-01-01"), D("2022-12-31"));
        // Reference: Brielle, Westvoorne and Hellevoetsluis were among the municipalities that did not vote in March 2022.
        Assert.Equal(["gemeenteraad_herindeling-2022-voorne-aan-zee"], brielle.Select(e => e.Id));
    }

    [Theory]
    [InlineData("2026-03-17", ElectionDateStatus.Official)]
    [InlineData("2026-03-18", ElectionDateStatus.Official)]
    [InlineData("2026-03-19", ElectionDateStatus.Held)]
    public void Past_elections_count_as_held(string today, ElectionDateStatus expected)
    {
        var gr2026 = ShippedElectionData.Elections.Single(e => e.Id == "gemeenteraad-2026");
        Assert.Equal(expected, gr2026.StatusOn(D(today)));
    }
}

public class ElectionCalendarLookupTests
{
    [Theory]
    [InlineData("gemeenteraad-2034", "2034-03-15")]
    [InlineData("tweede_kamer-2030", "2030-05-15")]
    [InlineData("gemeenteraad_herindeling-2022-voorne-aan-zee", "2022-11-23")]
    [InlineData("eerste_kamer-2031", "2031-05-26")]
    public void Find_by_id(string id, string date) =>
        Assert.Equal(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), ElectionCalendar.WithShippedData().Find(id)?.Date);

    [Theory]
    [InlineData("gemeenteraad-2033")]
    [InlineData("nonsense")]
    public void Find_returns_null_for_unknown_ids(string id) => Assert.Null(ElectionCalendar.WithShippedData().Find(id));
}

public class ElectionOverrideFactoryTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public void Snap_election_from_the_2025_decree_gives_the_held_date()
    {
        // Reference: nomination Monday 15 September 2025, election Wednesday 29 October 2025; the cabinet fell on 3 June 2025.
        var snap = ElectionRules.SnapTweedeKamerElection(D("2025-09-15"), D("2025-06-06"));
        Assert.Equal(D("2025-10-29"), snap.Date);
        Assert.Equal("tweede_kamer-2025", snap.Id);
        Assert.Equal(ElectionDateStatus.Official, snap.Status);
    }

    [Fact]
    public void Merger_election_gets_the_rule_dates_and_a_readable_id()
    {
        var merger = ElectionRules.MergerElection(2027, ["Oostdorp", "Westdorp"], "Súdwest Middenland");
        Assert.Equal("gemeenteraad_herindeling-2027-sudwest-middenland", merger.Id);
        Assert.Equal(D("2027-11-24"), merger.Date);
        Assert.Equal(D("2027-10-11"), merger.NominationDay);
        Assert.Equal(D("2028-01-01"), merger.MergerDate);
        Assert.Equal(D("2028-01-03"), merger.InstallationDay);
        Assert.False(merger.IsNationwide);
    }
}

public class PersistedValueTests
{
    private static readonly System.Text.Json.JsonSerializerOptions Json = new()
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    [Fact]
    public void Overrides_round_trip_through_json_and_still_drive_the_calendar()
    {
        var snap = ElectionRules.SnapTweedeKamerElection(DateOnly.Parse("2027-09-13", System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse("2027-06-10", System.Globalization.CultureInfo.InvariantCulture), "https://example.org/kb");
        var stored = System.Text.Json.JsonSerializer.Serialize(new[] { ElectionOverride.Upsert(snap, DateTimeOffset.UnixEpoch, "admin"), ElectionOverride.Withdraw("europees_parlement-2029", DateTimeOffset.UnixEpoch) }, Json);
        var loaded = System.Text.Json.JsonSerializer.Deserialize<ElectionOverride[]>(stored, Json)!;
        Assert.Equal(snap.Date, loaded[0].Election!.Date);
        Assert.Equal(snap.AnnouncedOn, loaded[0].Election!.AnnouncedOn);
        Assert.Equal(snap.Sources, loaded[0].Election!.Sources);
        var calendar = ElectionCalendar.WithShippedData(loaded);
        Assert.Equal(snap.Date, calendar.Find("tweede_kamer-2027")?.Date);
        Assert.Null(calendar.Find("europees_parlement-2029"));
    }

    [Fact]
    public void Confirmations_round_trip_through_json()
    {
        var confirmation = new LobbyEventConfirmation("deal-1", "gemeenteraad-2030", LobbyEvent.AdministratorsInstalled,
            new Government(GovernmentKind.Municipality, "Utrecht", "GM0344"), new DateOnly(2030, 5, 20));
        var loaded = System.Text.Json.JsonSerializer.Deserialize<LobbyEventConfirmation>(System.Text.Json.JsonSerializer.Serialize(confirmation, Json), Json);
        Assert.Equal(confirmation, loaded);
    }
}

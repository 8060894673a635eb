using System.Globalization;
using Microsoft.Extensions.Time.Testing;
using CityDealBot.Elections;

namespace CityDealBot.Tests.Elections;

public class DealLobbyCalendarTests
{
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);
    private static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
    private static readonly DateTimeOffset Recorded = T("2026-11-23T10:00:00Z");

    private static readonly Government Utrecht = new(GovernmentKind.Municipality, "Utrecht", "GM0344");
    private static readonly Government Amsterdam = new(GovernmentKind.Municipality, "Amsterdam", "GM0363");
    private static readonly Government ProvinceUtrecht = new(GovernmentKind.Province, "Utrecht", "PV26");
    private static readonly Government Hdsr = new(GovernmentKind.WaterBoard, "Hoogheemraadschap De Stichtse Rijnlanden");
    private static readonly Government Bzk = new(GovernmentKind.Ministry, "Ministerie van Binnenlandse Zaken en Koninkrijksrelaties", "BZK");

    private static DealLobbyCalendar Calendar(params ElectionOverride[] overrides) =>
        new(ElectionCalendar.WithShippedData(overrides), LobbyTimeline.Standard);

    private static LobbyDeal Deal(string id, params Government[] governments) =>
        new(id, $"City Deal {id}", governments, [new LobbyRecipient($"{id}-dealmaker")]);

    [Fact]
    public void Upcoming_24_months_for_a_deal_with_four_kinds_of_government()
    {
        var time = new FakeTimeProvider(T("2026-11-23T12:00:00Z"));
        var deal = Deal("binnensteden", Utrecht, ProvinceUtrecht, Hdsr, Bzk);
        var moments = Calendar().Upcoming(deal, time, []);
        string[] expected =
        [
            "2027-02-01 provinciale_staten-2027 candidate-lists",
            "2027-02-01 waterschap-2027 candidate-lists",
            "2027-02-03 provinciale_staten-2027 campaign",
            "2027-02-03 waterschap-2027 campaign",
            "2027-03-15 provinciale_staten-2027 election-week",
            "2027-03-15 waterschap-2027 election-week",
            "2027-03-24 provinciale_staten-2027 coalition-input",
            "2027-03-24 waterschap-2027 coalition-input",
            "2027-03-31 provinciale_staten-2027 installation",
            "2027-03-31 waterschap-2027 installation",
            "2027-04-20 eerste_kamer-2027 candidate-lists",
            "2027-05-20 waterschap-2027 coalition-agreement",
            "2027-05-24 eerste_kamer-2027 election-week",
            "2027-06-07 eerste_kamer-2027 installation",
            "2027-06-17 provinciale_staten-2027 re-engage",
            "2027-06-17 waterschap-2027 re-engage",
            "2027-07-15 provinciale_staten-2027 coalition-agreement",
            "2028-06-07 europees_parlement-2029 programme-input",
            "2028-09-20 gemeenteraad-2030 programme-committees",
            "2028-11-15 tweede_kamer-2030 programme-committees",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), moments.Select(m => $"{m.DueDate:yyyy-MM-dd} {m.Election.Id} {m.Moment.Id}").Order(StringComparer.Ordinal));
        Assert.Equal(moments.Select(m => m.DueDate).Order(), moments.Select(m => m.DueDate));
        Assert.All(moments.Where(m => m.Moment.IsEventConfirmable), m => Assert.Equal(LobbyDueBasis.Estimated, m.Basis));
        Assert.All(moments.Where(m => m.Moment.IsEventConfirmable), m => Assert.NotNull(m.Government));
    }

    [Fact]
    public void Horizon_moves_with_the_clock()
    {
        var time = new FakeTimeProvider(T("2026-11-23T12:00:00Z"));
        var deal = Deal("d", Utrecht);
        var calendar = Calendar();
        Assert.Equal(["programme-committees"], calendar.Upcoming(deal, time, []).Select(m => m.Moment.Id));
        time.Advance(TimeSpan.FromDays(365));
        var later = calendar.Upcoming(deal, time, []);
        Assert.Equal(D("2028-09-20"), later[0].DueDate);
        Assert.Contains(later, m => m.Moment.Id == "position-paper" && m.DueDate == D("2029-09-20"));
        Assert.DoesNotContain(later, m => m.Moment.Id == "candidate-lists");
    }

    [Fact]
    public void Confirmed_events_move_the_moment_and_give_it_a_fresh_key()
    {
        var deal = Deal("d", Utrecht, Amsterdam);
        var calendar = Calendar();
        var before = calendar.Occurrences(deal, D("2030-01-01"), D("2030-12-31"), []).Where(o => o.Moment.Id == "re-engage").ToList();
        Assert.Equal(2, before.Count);
        Assert.All(before, o => Assert.Equal(D("2030-06-20"), o.DueDate));

        LobbyEventConfirmation[] confirmations = [new("d", "gemeenteraad-2030", LobbyEvent.AdministratorsInstalled, Utrecht, D("2030-05-20"))];
        var after = calendar.Occurrences(deal, D("2030-01-01"), D("2030-12-31"), confirmations).Where(o => o.Moment.Id == "re-engage").ToList();
        var utrecht = Assert.Single(after, o => o.Government == Utrecht);
        var amsterdam = Assert.Single(after, o => o.Government == Amsterdam);
        Assert.Equal(D("2030-06-03"), utrecht.DueDate); // 14 days after the new aldermen took office
        Assert.Equal(LobbyDueBasis.Confirmed, utrecht.Basis);
        Assert.Equal(D("2030-06-20"), amsterdam.DueDate);
        Assert.Equal(LobbyDueBasis.Estimated, amsterdam.Basis);

        var recipient = deal.Recipients[0];
        var estimateKey = LobbyDeliveryKey.For(before.Single(o => o.Government == Utrecht), recipient);
        Assert.NotEqual(estimateKey, LobbyDeliveryKey.For(utrecht, recipient));
        Assert.Equal(LobbyDeliveryKey.For(before.Single(o => o.Government == Amsterdam), recipient), LobbyDeliveryKey.For(amsterdam, recipient));
    }

    [Fact]
    public void National_confirmation_applies_to_every_deal_but_a_deal_can_correct_it()
    {
        var calendar = Calendar();
        var first = Deal("first", Bzk);
        var second = Deal("second", Bzk);
        LobbyEventConfirmation[] confirmations =
        [
            new(null, "tweede_kamer-2030", LobbyEvent.CoalitionAgreementPublished, null, D("2030-08-10")),
            new("second", "tweede_kamer-2030", LobbyEvent.CoalitionAgreementPublished, null, D("2030-08-12")),
        ];
        var agreementFirst = Assert.Single(calendar.Occurrences(first, D("2030-01-01"), D("2030-12-31"), confirmations), o => o.Moment.Id == "coalition-agreement");
        var agreementSecond = Assert.Single(calendar.Occurrences(second, D("2030-01-01"), D("2030-12-31"), confirmations), o => o.Moment.Id == "coalition-agreement");
        Assert.Null(agreementFirst.Government);
        Assert.Equal(D("2030-08-11"), agreementFirst.DueDate);
        Assert.Equal(D("2030-08-13"), agreementSecond.DueDate);
    }

    [Fact]
    public void Snap_election_compresses_the_missed_early_moments_after_the_announcement()
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
        var calendar = Calendar(ElectionOverride.Upsert(snap, Recorded));
        var moments = calendar.Occurrences(Deal("d", Bzk), D("2027-06-01"), D("2027-12-31"), [])
            .Where(o => o.Election.Id == "tweede_kamer-2027")
            .ToDictionary(o => o.Moment.Id);
        Assert.Equal((D("2027-06-10"), LobbyDueBasis.Compressed), (moments["programme-committees"].DueDate, moments["programme-committees"].Basis));
        Assert.Equal((D("2027-06-24"), LobbyDueBasis.Compressed), (moments["programme-input"].DueDate, moments["programme-input"].Basis));
        Assert.Equal((D("2027-07-08"), LobbyDueBasis.Compressed), (moments["position-paper"].DueDate, moments["position-paper"].Basis));
        Assert.Equal((D("2027-09-13"), LobbyDueBasis.Scheduled), (moments["candidate-lists"].DueDate, moments["candidate-lists"].Basis));
        Assert.Equal((D("2027-09-15"), LobbyDueBasis.Scheduled), (moments["campaign"].DueDate, moments["campaign"].Basis));
        Assert.Equal(D("2027-11-03"), moments["coalition-input"].DueDate);
    }

    [Fact]
    public void Programme_view_groups_the_same_moment_across_deals()
    {
        var time = new FakeTimeProvider(T("2026-11-23T12:00:00Z"));
        var view = Calendar().ProgrammeView([Deal("a", ProvinceUtrecht), Deal("b", new Government(GovernmentKind.Province, "Gelderland", "PV25")), Deal("c", Utrecht)], time, []);
        var installation = Assert.Single(view, e => e.Election.Id == "provinciale_staten-2027" && e.Moment.Id == "installation");
        Assert.Equal(["a", "b"], installation.DealIds);
        Assert.Equal(D("2027-03-31"), installation.DueDate);
        // Per-government event moments of different provinces are due on the same estimate, so they group too.
        var reengage = Assert.Single(view, e => e.Election.Id == "provinciale_staten-2027" && e.Moment.Id == "re-engage");
        Assert.Equal(2, reengage.Occurrences.Count);
        Assert.Contains(view, e => e.Election.Id == "gemeenteraad-2030" && e.DealIds.SequenceEqual(["c"]));
        Assert.Equal(view.Select(e => e.DueDate).Order(), view.Select(e => e.DueDate));
    }

    [Fact]
    public void A_deal_without_governments_has_no_moments()
    {
        var time = new FakeTimeProvider(T("2026-11-23T12:00:00Z"));
        Assert.Empty(Calendar().Upcoming(Deal("empty"), time, []));
    }
}

public class LobbyDispatchTests
{
    private static DateTimeOffset T(string iso) => DateTimeOffset.Parse(iso, CultureInfo.InvariantCulture);
    private static DateOnly D(string iso) => DateOnly.Parse(iso, CultureInfo.InvariantCulture);

    private static readonly Election OostdorpMerger = new()
    {
        Id = "gemeenteraad_herindeling-2027-middenland",
        Kind = ElectionKind.Herindeling,
        Date = D("2027-11-24"),
        Status = ElectionDateStatus.Official,
        MergerDate = D("2028-01-01"),
        Municipalities = ["Oostdorp", "Westdorp"],
        NewMunicipality = "Middenland",
    };

    /// <summary>Runs a dispatcher every <paramref name="step"/> with a claim set standing in for the Table Storage insert.</summary>
    private static List<LobbyDelivery> RunDispatcher(FakeTimeProvider time, DateTimeOffset until, TimeSpan step, IReadOnlyList<LobbyDeal> deals, DealLobbyCalendar calendar, Func<DateTimeOffset, bool>? botUp = null)
    {
        var claimed = new HashSet<string>(StringComparer.Ordinal);
        var sent = new List<LobbyDelivery>();
        while (time.GetUtcNow() <= until)
        {
            var now = time.GetUtcNow();
            if (botUp?.Invoke(now) != false)
            {
                foreach (var delivery in LobbyDispatch.DueAt(now, deals, calendar, [], DeliveryPolicy.Default))
                {
                    if (claimed.Add(delivery.Key))
                    {
                        sent.Add(delivery);
                    }
                }
            }
            time.Advance(step);
        }
        return sent;
    }

    private static DealLobbyCalendar CalendarWith(params Election[] overrides) =>
        new(ElectionCalendar.WithShippedData(overrides.Select(e => ElectionOverride.Upsert(e, T("2026-11-23T10:00:00Z")))), LobbyTimeline.Standard);

    [Fact]
    public void Across_the_spring_dst_change_each_reminder_goes_out_once_at_nine_local()
    {
        var deal = new LobbyDeal("water", "Water", [new Government(GovernmentKind.WaterBoard, "Waterschap Vallei en Veluwe")], [new LobbyRecipient("u1"), new LobbyRecipient("u2", "en")]);
        var time = new FakeTimeProvider(T("2027-03-14T00:00:00Z"));
        var sent = RunDispatcher(time, T("2027-04-05T00:00:00Z"), TimeSpan.FromMinutes(15), [deal], CalendarWith());
        var summary = sent.Select(s => $"{s.Occurrence.Moment.Id} {s.Recipient.Id} {s.DeliverAt:yyyy-MM-ddTHH:mm}Z {s.IsLate}").Order(StringComparer.Ordinal);
        Assert.Equal(
        [
            "coalition-input u1 2027-03-24T08:00Z False", // CET
            "coalition-input u2 2027-03-24T08:00Z False",
            "election-week u1 2027-03-15T08:00Z False",
            "election-week u2 2027-03-15T08:00Z False",
            "installation u1 2027-03-31T07:00Z False",   // CEST after 28 March 2027
            "installation u2 2027-03-31T07:00Z False",
        ], summary);
    }

    [Fact]
    public void Across_the_year_boundary_the_merged_council_reminder_waits_for_the_first_working_day()
    {
        var deal = new LobbyDeal("merge", "Merge", [new Government(GovernmentKind.Municipality, "Oostdorp")], [new LobbyRecipient("u1")]);
        var time = new FakeTimeProvider(T("2027-11-21T00:00:00Z"));
        var sent = RunDispatcher(time, T("2028-01-10T00:00:00Z"), TimeSpan.FromMinutes(30), [deal], CalendarWith(OostdorpMerger));
        Assert.Equal(
            ["election-week 2027-11-22T08:00Z", "coalition-input 2027-12-01T08:00Z", "installation 2028-01-03T08:00Z"],
            sent.Select(s => $"{s.Occurrence.Moment.Id} {s.DeliverAt:yyyy-MM-ddTHH:mm}Z"));
        Assert.All(sent, s => Assert.False(s.IsLate));
    }

    [Theory]
    [InlineData("2027-12-06T10:00:00Z", true, "2027-12-06T10:00Z")]  // down until Monday 11:00: sent late
    [InlineData("2027-12-08T07:30:00Z", true, "2027-12-08T08:00Z")]  // down until Wednesday 08:30: sent at 09:00, exactly 7 days late
    [InlineData("2027-12-08T08:30:00Z", false, null)]                // back after more than 7 days: skipped
    public void A_moment_missed_while_the_bot_was_down(string backUp, bool sentExpected, string? sentAt)
    {
        var deal = new LobbyDeal("merge", "Merge", [new Government(GovernmentKind.Municipality, "Westdorp")], [new LobbyRecipient("u1")]);
        var time = new FakeTimeProvider(T("2027-11-30T00:00:00Z"));
        var up = T(backUp);
        var sent = RunDispatcher(time, T("2027-12-20T00:00:00Z"), TimeSpan.FromMinutes(30), [deal], CalendarWith(OostdorpMerger), now => now >= up);
        var coalitionInput = sent.Where(s => s.Occurrence.Moment.Id == "coalition-input").ToList();
        if (!sentExpected)
        {
            Assert.Empty(coalitionInput);
            return;
        }
        var delivery = Assert.Single(coalitionInput);
        Assert.True(delivery.IsLate);
        Assert.Equal($"{sentAt}", $"{delivery.DeliverAt:yyyy-MM-ddTHH:mm}Z");
        Assert.InRange(delivery.Lateness, TimeSpan.FromDays(5), TimeSpan.FromDays(7));
    }

    [Fact]
    public void Due_deliveries_are_only_reported_inside_working_hours()
    {
        var deal = new LobbyDeal("water", "Water", [new Government(GovernmentKind.WaterBoard, "Wetterskip Fryslân")], [new LobbyRecipient("u1")]);
        var calendar = CalendarWith();
        Assert.Empty(LobbyDispatch.DueAt(T("2027-03-24T07:59:00Z"), [deal], calendar, [], DeliveryPolicy.Default));
        Assert.Single(LobbyDispatch.DueAt(T("2027-03-24T08:00:00Z"), [deal], calendar, [], DeliveryPolicy.Default));
        Assert.Empty(LobbyDispatch.DueAt(T("2027-03-24T16:00:00Z"), [deal], calendar, [], DeliveryPolicy.Default));
        Assert.Single(LobbyDispatch.DueAt(T("2027-03-25T08:00:00Z"), [deal], calendar, [], DeliveryPolicy.Default), d => d.IsLate);
    }

    [Fact]
    public void Per_government_moments_are_bundled_into_one_message_per_recipient()
    {
        var municipalities = Enumerable.Range(1, 16).Select(i => new Government(GovernmentKind.Municipality, $"Stad {i}")).ToArray();
        var deal = new LobbyDeal("big", "Big", municipalities, [new LobbyRecipient("u1"), new LobbyRecipient("u2", "en")]);
        var due = LobbyDispatch.DueAt(T("2030-06-20T07:00:00Z"), [deal], CalendarWith(), [], DeliveryPolicy.Default);
        Assert.Equal(32, due.Count);
        Assert.Equal(32, due.Select(d => d.Key).Distinct().Count());
        var bundles = LobbyDispatch.Bundle(due);
        Assert.Equal(2, bundles.Count);
        Assert.All(bundles, b => Assert.Equal(16, b.Governments.Count));
        Assert.All(bundles, b => Assert.Equal("re-engage", b.Moment.Id));
        Assert.All(bundles, b => Assert.False(b.IsLate));
    }

    [Fact]
    public void Next_wake_up_is_the_next_nominal_instant()
    {
        var deal = new LobbyDeal("water", "Water", [new Government(GovernmentKind.WaterBoard, "Wetterskip Fryslân")], [new LobbyRecipient("u1")]);
        var calendar = CalendarWith();
        Assert.Equal(T("2027-02-01T08:00:00Z"), LobbyDispatch.NextWakeUp(T("2026-11-23T12:00:00Z"), [deal], calendar, [], DeliveryPolicy.Default));
        Assert.Equal(T("2027-03-31T07:00:00Z"), LobbyDispatch.NextWakeUp(T("2027-03-24T08:00:00Z"), [deal], calendar, [], DeliveryPolicy.Default));
    }
}

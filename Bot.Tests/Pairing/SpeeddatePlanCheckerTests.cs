using CityDealBot.Pairing;
using static CityDealBot.Tests.Pairing.PairingTestInstances;

namespace CityDealBot.Tests.Pairing;

public class SpeeddatePlanCheckerTests
{
    private static readonly SpeeddateRequest FourPeople = new()
    {
        Participants =
        [
            new("a", "d1", "o1", "t1"), new("b", "d1", "o2", "t2"), new("c", "d2", "o1", "t1"), new("d", "d2", "o3", "t2"),
        ],
        History = [new PastMeeting("a", "b", 2, new DateOnly(2025, 3, 1))],
        Rounds = 2,
        ForbiddenPairs = [new ParticipantPair("c", "d")],
        RequiredPairs = [new ParticipantPair("a", "d")],
    };

    private static SpeeddateRound Round(int number, params string[][] groups) => new(number, groups.Select(g => new SpeeddateGroup(g)).ToList());

    [Fact]
    public void Counts_every_metric_from_the_groups()
    {
        var rounds = new[] { Round(1, ["a", "b"], ["c", "d"]), Round(2, ["a", "c"], ["b", "d"]) };

        var score = SpeeddatePlanChecker.Score(FourPeople, rounds);

        Assert.True(score.IsValid);
        Assert.Equal(4, score.TotalPairs);
        Assert.Equal(1, score.HistoryRepeats);
        Assert.Equal(0, score.InSessionRepeats);
        Assert.Equal(1, score.ForbiddenViolations);
        Assert.Equal(1, score.RequiredMissing);
        Assert.Equal(2, score.SameDealPairs);
        Assert.Equal(1, score.SameOrganisationPairs);
        Assert.Equal(2, score.SameTypePairs);
        Assert.Equal(0.5, score.CrossDealShare, 6);
        Assert.Equal(1, score.MinNewContacts);
        Assert.Equal(2, score.MaxNewContacts);
    }

    [Fact]
    public void Flags_in_session_repeats()
    {
        var rounds = new[] { Round(1, ["a", "d"], ["b", "c"]), Round(2, ["a", "d"], ["b", "c"]) };

        var score = SpeeddatePlanChecker.Score(FourPeople, rounds);

        Assert.Equal(2, score.InSessionRepeats);
        Assert.Equal(1, score.MaxNewContacts);
    }

    [Theory]
    [InlineData("a", "a", "c", "d")]
    [InlineData("a", "b", "c", "x")]
    [InlineData("a", "b", "c", null)]
    public void Rejects_broken_rounds(string first, string second, string third, string? fourth)
    {
        var last = fourth is null ? new[] { third } : new[] { third, fourth };
        var rounds = new[] { Round(1, [first, second], last), Round(2, ["a", "c"], ["b", "d"]) };

        var score = SpeeddatePlanChecker.Score(FourPeople, rounds);

        Assert.False(score.IsValid);
        Assert.NotEmpty(score.Problems);
    }

    [Fact]
    public void Rejects_a_missing_round()
    {
        var score = SpeeddatePlanChecker.Score(FourPeople, [Round(1, ["a", "c"], ["b", "d"])]);

        Assert.False(score.IsValid);
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(10, 2)]
    [InlineData(11, 2)]
    [InlineData(13, 3)]
    [InlineData(16, 3)]
    [InlineData(17, 3)]
    [InlineData(14, 4)]
    [InlineData(61, 4)]
    public void Counts_a_second_trio_seat(int n, int groupSize)
    {
        var request = Random(n, 2, groupSize, 0, n);
        var sizes = SpeeddatePlanner.TableSizes(n, groupSize);
        var ids = request.Participants.Select(p => p.Id).ToList();
        var round = Layout(ids, sizes);
        var score = SpeeddatePlanChecker.Score(request, [round, round with { Number = 2 }]);

        // The odd table out: the enlarged one, or in trio mode the pair.
        var oddSeats = groupSize == 3 ? sizes.Where(s => s == 2).Sum() : sizes.Where(s => s > groupSize).Sum();
        Assert.Equal(oddSeats, score.RepeatedTrioSeats);
    }

    private static SpeeddateRound Layout(List<string> ids, IReadOnlyList<int> sizes)
    {
        var groups = new List<SpeeddateGroup>();
        var offset = 0;
        foreach (var size in sizes)
        {
            groups.Add(new SpeeddateGroup(ids.GetRange(offset, size)));
            offset += size;
        }

        return new SpeeddateRound(1, groups);
    }
}

using System.Collections;
using System.Reflection;
using CityDealBot.Operations;
using CityDealBot.Tests.Infrastructure;
using CityDealBot.Tests.Integration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CityDealBot.Tests.Operations;

/// <summary>What every area gets from the host: options checked before the first request, one switch over the jobs.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ServiceDefaultsTests(AzuriteFixture storage)
{
    /// <summary>Every settings class of the bot: a public class named *Options with a section constant.</summary>
    public static TheoryData<string> OptionsClasses()
    {
        var data = new TheoryData<string>();
        foreach (var type in typeof(Program).Assembly.GetTypes()
            .Where(t => t is { IsClass: true, IsPublic: true } && t.Name.EndsWith("Options", StringComparison.Ordinal))
            .Where(t => t.GetFields(BindingFlags.Public | BindingFlags.Static).Any(f => f.IsLiteral && f.Name.StartsWith("Section", StringComparison.Ordinal))))
        {
            data.Add(type.FullName!);
        }

        return data;
    }

    [Fact]
    public void The_settings_classes_are_found()
    {
        // Guards the theory below against a reflection filter that finds nothing.
        Assert.True(OptionsClasses().Count >= 10, $"only {OptionsClasses().Count} options classes found");
    }

    [Theory]
    [MemberData(nameof(OptionsClasses))]
    public async Task Each_settings_class_is_validated_when_the_app_starts(string optionsType)
    {
        await using var bot = await BotHarness.StartAsync(storage);
        var validated = StartupValidatedTypes(bot.Factory.Services);
        Assert.Contains(typeof(Program).Assembly.GetType(optionsType)!, validated);
    }

    [Fact]
    public async Task A_wrong_setting_stops_the_app_at_start_with_its_name()
    {
        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            await using var bot = await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Outbox:MaxDequeues"] = "0" });
        });
        Assert.Contains("MaxDequeues", Flatten(error), StringComparison.Ordinal);
    }

    [Fact]
    public async Task One_switch_turns_every_periodic_job_off()
    {
        var off = new CountingJob();
        await using (await BotHarness.StartAsync(storage, new Dictionary<string, string?> { ["Jobs:Enabled"] = "false" }, s => AddCountingJob(s, off)))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(600));
        }

        var on = new CountingJob();
        await using (await BotHarness.StartAsync(storage, null, s => AddCountingJob(s, on)))
        {
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (on.Runs == 0)
            {
                Assert.True(DateTime.UtcNow < deadline, "the job never ran with the jobs switched on");
                await Task.Delay(20);
            }
        }

        Assert.Equal(0, off.Runs);
    }

    private static void AddCountingJob(IServiceCollection services, CountingJob job)
    {
        services.AddSingleton(job);
        services.AddPeriodicJob<CountingJob>(_ => TimeSpan.FromMilliseconds(20), runAtStart: true);
    }

    /// <summary>
    /// The types registered with ValidateOnStart. The framework keeps them in an internal options class; reading it is
    /// the one way to see the registration itself rather than one bad value per class.
    /// </summary>
    private static HashSet<Type> StartupValidatedTypes(IServiceProvider services)
    {
        var optionsType = typeof(OptionsBuilder<>).Assembly.GetType("Microsoft.Extensions.Options.StartupValidatorOptions", throwOnError: true)!;
        var options = services.GetRequiredService(typeof(IOptions<>).MakeGenericType(optionsType));
        var value = options.GetType().GetProperty("Value")!.GetValue(options)!;
        const BindingFlags Any = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;
        var validators = (IDictionary)(optionsType.GetProperty("_validators", Any)?.GetValue(value) ?? optionsType.GetField("_validators", Any)!.GetValue(value)!);
        return [.. validators.Keys.Cast<(Type Type, string Name)>().Select(k => k.Type)];
    }

    private static string Flatten(Exception e) => e.InnerException is null ? e.Message : e.Message + " " + Flatten(e.InnerException);

    public sealed class CountingJob : IPeriodicJob
    {
        private int _runs;

        public int Runs => Volatile.Read(ref _runs);

        public Task<int> RunPeriodicAsync(CancellationToken ct) => Task.FromResult(Interlocked.Increment(ref _runs));
    }
}

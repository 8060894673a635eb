using System.Globalization;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace CityDealBot.Cards.Adaptive;

/// <summary>
/// What one card button sends back: one record per verb. The card writes the record into the button's data and
/// the router reads the same record back for the verb's handler, so no key is spelled on both sides. Properties
/// named after a card input (<see cref="CardFields.Of{TAction}"/>) receive what the person typed; everything else
/// is what the bot put on the card, and like all card data it comes from an untrusted client.
/// </summary>
public interface ICardAction
{
    /// <summary>The verb that names the action on the card and in the dispatch table, e.g. <c>cop.rsvp</c>.</summary>
    static abstract string Verb { get; }
}

/// <summary>
/// Marks an id the bot put on a card (a deal, session, round, poll…) that becomes a table key: it reads as empty when
/// it cannot be one of ours, so every feature answers "not found" instead of sending Table Storage a key it refuses.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CardIdAttribute() : JsonConverterAttribute(typeof(CardIdConverter));

/// <summary>
/// Marks a property that a card input fills (its id comes from <see cref="CardFields.Of{TAction}"/>): the button never
/// carries it, so nothing the bot wrote can stand in for what the person typed, and a button without other data stays
/// empty.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class CardInputAttribute : Attribute;

public static class CardIds
{
    /// <summary>Table Storage keys are at most 1 KiB; no id the bot hands out comes near it.</summary>
    public const int MaxBytes = 1024;

    /// <summary>Table Storage refuses <c>/ \ # ?</c> and control characters in keys, and keys over 1 KiB.</summary>
    public static bool IsWellFormed(string id) =>
        Encoding.UTF8.GetByteCount(id) <= MaxBytes && !id.Any(c => c is '/' or '\\' or '#' or '?' || char.IsControl(c));
}

/// <summary>Writing a card action's record into a button and reading it back from what the client sent.</summary>
public static class CardActionData
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        Converters = { new LenientTextConverter(), new LenientFlagConverter() },
        TypeInfoResolver = new DefaultJsonTypeInfoResolver { Modifiers = { LeaveInputsOut, SharedIdsFirst } },
    };

    public static JsonObject Write<TAction>(TAction action)
        where TAction : ICardAction =>
        JsonSerializer.SerializeToNode(action, Options) as JsonObject ?? [];

    /// <summary>
    /// The record the client sent, or null when its data cannot be one: a number where the bot wrote a number must be
    /// a number. Text fields never fail (anything that is not text reads as empty), so a typed value that is wrong
    /// reaches the handler, which says what is wrong in the person's language.
    /// </summary>
    public static TAction? Read<TAction>(JsonObject data)
        where TAction : class, ICardAction
    {
        try
        {
            return data.Deserialize<TAction>(Options);
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return null;
        }
    }

    private static void LeaveInputsOut(JsonTypeInfo type)
    {
        foreach (var property in type.Properties.Where(p => p.AttributeProvider?.IsDefined(typeof(CardInputAttribute), inherit: false) == true))
        {
            property.ShouldSerialize = static (_, _) => false;
        }
    }

    /// <summary>
    /// The ids a family of verbs shares (declared once on a base record, e.g. a session's deal and id) come first, as they
    /// did when every record declared them itself, so the buttons' data reads the same as on cards already posted.
    /// </summary>
    private static void SharedIdsFirst(JsonTypeInfo type)
    {
        foreach (var property in type.Properties)
        {
            if (property.AttributeProvider is MemberInfo { DeclaringType: { } declaring })
            {
                property.Order = -LevelsBetween(type.Type, declaring);
            }
        }
    }

    private static int LevelsBetween(Type type, Type ancestor)
    {
        var levels = 0;
        for (var current = type; current is not null && current != ancestor; current = current.BaseType)
        {
            levels++;
        }

        return levels;
    }

    /// <summary>The data key of a property, as written by <see cref="Write{TAction}"/>.</summary>
    internal static string KeyOf(string property) => Options.PropertyNamingPolicy!.ConvertName(property);

    /// <summary>Card text: trimmed; a number as invariant text (Teams sends some inputs as numbers); anything else empty.</summary>
    private sealed class LenientTextConverter : JsonConverter<string>
    {
        public override bool HandleNull => true;

        public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.String:
                    return reader.GetString()!.Trim();
                case JsonTokenType.Number:
                    return reader.GetDouble().ToString(CultureInfo.InvariantCulture);
                case JsonTokenType.StartObject or JsonTokenType.StartArray:
                    reader.Skip();
                    return string.Empty;
                default:
                    return string.Empty;
            }
        }

        public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
    }

    /// <summary>Input.Toggle sends "true"/"false" as text; the bot's own flags travel as JSON booleans.</summary>
    private sealed class LenientFlagConverter : JsonConverter<bool>
    {
        public override bool Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
        {
            JsonTokenType.True => true,
            JsonTokenType.False => false,
            JsonTokenType.String => string.Equals(reader.GetString()?.Trim(), "true", StringComparison.OrdinalIgnoreCase),
            _ => throw new JsonException("Not a flag."),
        };

        public override void Write(Utf8JsonWriter writer, bool value, JsonSerializerOptions options) => writer.WriteBooleanValue(value);
    }
}

/// <summary>Reads an id marked <see cref="CardIdAttribute"/>: trimmed, or empty when it cannot be a table key.</summary>
public sealed class CardIdConverter : JsonConverter<string>
{
    public override bool HandleNull => true;

    public override string Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
        {
            reader.Skip();
            return string.Empty;
        }

        var id = reader.TokenType switch
        {
            JsonTokenType.String => reader.GetString()!.Trim(),
            JsonTokenType.Number => reader.GetDouble().ToString(CultureInfo.InvariantCulture),
            _ => string.Empty,
        };
        return CardIds.IsWellFormed(id) ? id : string.Empty;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>The id of a card input whose value lands in a property of the action's record.</summary>
public static class CardFields
{
    /// <summary>
    /// The input id for <paramref name="property"/> of <typeparamref name="TAction"/> (pass it with <c>nameof</c>); a
    /// name the record does not have fails when the card is built, so a renamed property cannot silently lose input.
    /// </summary>
    public static string Of<TAction>(string property)
        where TAction : ICardAction
    {
        var found = typeof(TAction).GetProperty(property, BindingFlags.Public | BindingFlags.Instance)
            ?? throw new ArgumentException($"{typeof(TAction).Name} has no property {property}.", nameof(property));
        return found.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? CardActionData.KeyOf(property);
    }
}

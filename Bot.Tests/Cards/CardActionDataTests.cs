using System.Text.Json.Nodes;
using CityDealBot.Cards.Adaptive;

namespace CityDealBot.Tests.Cards;

/// <summary>
/// A card action's record goes into the button and comes back from an untrusted client: what the bot wrote reads
/// back the same, ids that cannot be table keys read as empty, typed inputs arrive in their property, and data that
/// cannot be the record is refused rather than half-read.
/// </summary>
public class CardActionDataTests
{
    private sealed record SampleAction([property: CardId] string Session = "", string Note = "", int Round = 0, bool Remind = false) : ICardAction
    {
        public static string Verb => "sample.press";
    }

    private sealed record TypedNote([property: CardId] string Session = "", [property: CardInput] string Note = "") : ICardAction
    {
        public static string Verb => "sample.note";
    }

    [Fact]
    public void An_input_property_is_never_written_into_the_button_and_arrives_from_the_input()
    {
        var button = CardActions.Execute("Ga", new TypedNote("s1", Note: "written by the bot"));
        Assert.False(button.Data!.ContainsKey(CardFields.Of<TypedNote>(nameof(TypedNote.Note))));
        Assert.False(((SubmitAction)button.Fallback!).Data!.ContainsKey("note"));

        var pressed = button.Data!.DeepClone().AsObject();
        pressed[CardFields.Of<TypedNote>(nameof(TypedNote.Note))] = " typed ";
        Assert.Equal(new TypedNote("s1", "typed"), CardActionData.Read<TypedNote>(pressed));
    }

    [Fact]
    public void Ids_shared_through_a_base_record_are_written_first_under_the_keys_posted_cards_carry()
    {
        // "I'm coming" on a CoP session card, as cards posted before the ids moved to a shared base record carry it.
        const string posted = """{"deal":"19:deal","session":"s1","answer":"yes"}""";
        var answer = new CityDealBot.Cards.AnswerCopSession("yes") { Deal = "19:deal", Session = "s1" };
        Assert.Equal(posted, CardActionData.Write(answer).ToJsonString());
        Assert.Equal(answer, CardActionData.Read<CityDealBot.Cards.AnswerCopSession>(JsonNode.Parse(posted)!.AsObject()));

        // Two levels down (a lobby moment's ids, then the checklist): the ids still come first, the toggles arrive.
        var done = CardActionData.Write(new CityDealBot.Cards.LobbyMomentDone { Deal = "19:deal", Election = "gr-2026", Moment = "coalitie" });
        Assert.Equal("""{"deal":"19:deal","election":"gr-2026","moment":"coalitie"}""", done.ToJsonString());
        done["item-1"] = "true";
        var pressed = CardActionData.Read<CityDealBot.Cards.LobbyMomentDone>(done)!;
        Assert.Equal(("19:deal", "gr-2026", "coalitie"), (pressed.Deal, pressed.Election, pressed.Moment));
        Assert.True(pressed.IsTicked(1));
        Assert.False(pressed.IsTicked(0));
    }

    [Fact]
    public void What_the_card_writes_reads_back_the_same()
    {
        var written = new SampleAction("2520000000000000000-0a1b2c", "tot morgen", 3, Remind: true);
        var data = CardActionData.Write(written);
        Assert.Equal("2520000000000000000-0a1b2c", data["session"]!.GetValue<string>());
        Assert.Equal(written, CardActionData.Read<SampleAction>(data));
    }

    [Fact]
    public void The_button_carries_the_records_verb_on_both_paths()
    {
        var button = CardActions.Execute("Ga", new SampleAction("s1"));
        Assert.Equal("sample.press", button.Verb);
        var fallback = Assert.IsType<SubmitAction>(button.Fallback);
        Assert.Equal("sample.press", fallback.Data![CardActions.VerbKey]!.GetValue<string>());
        Assert.Equal("s1", fallback.Data!["session"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("a/b")]
    [InlineData("a#b")]
    [InlineData("a?b")]
    [InlineData("a\\b")]
    [InlineData("a\u0007b")]
    [InlineData("a\u0000b")]
    [InlineData("a\u001fb")]
    [InlineData("a\u007fb")]
    [InlineData("a\tb")]
    public void An_id_that_cannot_be_a_table_key_reads_as_empty(string id) =>
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = id })!.Session);

    [Fact]
    public void An_id_over_one_kibibyte_reads_as_empty_and_one_of_exactly_that_size_passes()
    {
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = new string('x', CardIds.MaxBytes + 1) })!.Session);
        // Bytes, not characters: 400 euro signs are 1,200 bytes in UTF-8.
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = new string('€', 400) })!.Session);
        var longest = new string('x', CardIds.MaxBytes);
        Assert.Equal(longest, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = longest })!.Session);
    }

    [Theory]
    [InlineData("19:abc@thread.tacv2", "19:abc@thread.tacv2")]
    [InlineData("2520000000000000000-0a1b2c3d", "2520000000000000000-0a1b2c3d")]
    [InlineData("  5f0a7d3e3b6b4c559a430e0b4f1d2c77 ", "5f0a7d3e3b6b4c559a430e0b4f1d2c77")]
    [InlineData("2027-06-07", "2027-06-07")]
    public void The_ids_the_bot_hands_out_pass(string sent, string expected) =>
        Assert.Equal(expected, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = sent })!.Session);

    [Fact]
    public void A_missing_or_non_text_id_reads_as_empty()
    {
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>([])!.Session);
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = new JsonArray("a") })!.Session);
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = new JsonObject { ["id"] = "a" } })!.Session);
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["session"] = null })!.Session);
    }

    [Fact]
    public void Text_is_trimmed_numbers_become_text_and_anything_else_is_empty()
    {
        Assert.Equal("hallo", CardActionData.Read<SampleAction>(new JsonObject { ["note"] = "  hallo " })!.Note);
        Assert.Equal("12.5", CardActionData.Read<SampleAction>(new JsonObject { ["note"] = 12.5 })!.Note);
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["note"] = new JsonArray("x") })!.Note);
        Assert.Equal(string.Empty, CardActionData.Read<SampleAction>(new JsonObject { ["note"] = null })!.Note);
    }

    [Fact]
    public void Missing_fields_keep_the_records_defaults()
    {
        var read = CardActionData.Read<SampleAction>([]);
        Assert.Equal(new SampleAction(), read);
    }

    [Theory]
    [InlineData("true", true)]
    [InlineData("True", true)]
    [InlineData("false", false)]
    [InlineData("", false)]
    public void A_toggle_sent_as_text_reads_as_a_flag(string sent, bool expected) =>
        Assert.Equal(expected, CardActionData.Read<SampleAction>(new JsonObject { ["remind"] = sent })!.Remind);

    [Fact]
    public void A_number_sent_as_text_reads_as_a_number_and_a_word_where_a_number_belongs_is_refused()
    {
        Assert.Equal(4, CardActionData.Read<SampleAction>(new JsonObject { ["round"] = "4" })!.Round);
        Assert.Null(CardActionData.Read<SampleAction>(new JsonObject { ["round"] = "vier" }));
        Assert.Null(CardActionData.Read<SampleAction>(new JsonObject { ["round"] = new JsonObject() }));
    }

    [Fact]
    public void An_input_id_names_the_property_it_fills_and_an_unknown_property_fails_when_the_card_is_built()
    {
        var id = CardFields.Of<SampleAction>(nameof(SampleAction.Note));
        Assert.Equal("typed", CardActionData.Read<SampleAction>(new JsonObject { [id] = "typed" })!.Note);
        Assert.Throws<ArgumentException>(() => CardFields.Of<SampleAction>("Remark"));
    }
}

using System.Text.Json.Serialization;

namespace CityDealBot.Cards.Adaptive;

public enum TextSize { Small, Default, Medium, Large, ExtraLarge }

public enum TextWeight { Lighter, Default, Bolder }

public enum TextColor { Default, Dark, Light, Accent, Good, Warning, Attention }

public enum Spacing { None, Small, Default, Medium, Large, ExtraLarge, Padding }

public enum ContainerStyle { Default, Emphasis, Good, Attention, Warning, Accent }

public enum HorizontalAlignment { Left, Center, Right }

public enum ImageSize { Auto, Stretch, Small, Medium, Large }

public enum ChoiceInputStyle { Compact, Expanded, Filtered }

public enum TextInputStyle { Text, Tel, Url, Email }

/// <summary>Base of every body element; the JSON <c>type</c> is written from the derived type.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextBlock), "TextBlock")]
[JsonDerivedType(typeof(Container), "Container")]
[JsonDerivedType(typeof(ColumnSet), "ColumnSet")]
[JsonDerivedType(typeof(FactSet), "FactSet")]
[JsonDerivedType(typeof(Image), "Image")]
[JsonDerivedType(typeof(ActionSet), "ActionSet")]
[JsonDerivedType(typeof(Table), "Table")]
[JsonDerivedType(typeof(TextInput), "Input.Text")]
[JsonDerivedType(typeof(NumberInput), "Input.Number")]
[JsonDerivedType(typeof(ChoiceSetInput), "Input.ChoiceSet")]
[JsonDerivedType(typeof(DateInput), "Input.Date")]
[JsonDerivedType(typeof(TimeInput), "Input.Time")]
[JsonDerivedType(typeof(ToggleInput), "Input.Toggle")]
public abstract record CardElement
{
    public string? Id { get; init; }

    public Spacing? Spacing { get; init; }

    public bool? Separator { get; init; }

    public bool? IsVisible { get; init; }
}

public sealed record TextBlock(string Text) : CardElement
{
    public TextSize? Size { get; init; }

    public TextWeight? Weight { get; init; }

    public TextColor? Color { get; init; }

    public bool? IsSubtle { get; init; }

    public bool? Wrap { get; init; } = true;

    public int? MaxLines { get; init; }

    public HorizontalAlignment? HorizontalAlignment { get; init; }

    /// <summary>"heading" makes screen readers announce the block as a heading.</summary>
    public string? Style { get; init; }
}

public sealed record Container(IList<CardElement> Items) : CardElement
{
    public ContainerStyle? Style { get; init; }

    public bool? Bleed { get; init; }
}

public sealed record ColumnSet(IList<Column> Columns) : CardElement;

public sealed record Column(IList<CardElement> Items)
{
    [JsonPropertyName("type")]
    public string Type => "Column";

    /// <summary>"auto", "stretch" or a weight such as "2".</summary>
    public string? Width { get; init; }

    public string? VerticalContentAlignment { get; init; }
}

public sealed record FactSet(IList<Fact> Facts) : CardElement;

public sealed record Fact(string Title, string Value);

public sealed record Image(string Url) : CardElement
{
    public string? AltText { get; init; }

    public ImageSize? Size { get; init; }

    public string? Width { get; init; }

    public HorizontalAlignment? HorizontalAlignment { get; init; }
}

public sealed record ActionSet(IList<CardAction> Actions) : CardElement;

public sealed record Table(IList<TableColumnDefinition> Columns, IList<TableRow> Rows) : CardElement
{
    public bool? FirstRowAsHeader { get; init; } = true;

    public bool? ShowGridLines { get; init; }
}

public sealed record TableColumnDefinition(int Width);

public sealed record TableRow(IList<TableCell> Cells)
{
    [JsonPropertyName("type")]
    public string Type => "TableRow";
}

public sealed record TableCell(IList<CardElement> Items)
{
    [JsonPropertyName("type")]
    public string Type => "TableCell";
}

/// <summary>Common input properties; <see cref="CardElement.Id"/> is the key of the submitted value.</summary>
public abstract record CardInput : CardElement
{
    public string? Label { get; init; }

    public bool? IsRequired { get; init; }

    public string? ErrorMessage { get; init; }
}

public sealed record TextInput : CardInput
{
    public string? Placeholder { get; init; }

    public string? Value { get; init; }

    public bool? IsMultiline { get; init; }

    public int? MaxLength { get; init; }

    public string? Regex { get; init; }

    public TextInputStyle? Style { get; init; }
}

public sealed record NumberInput : CardInput
{
    public double? Min { get; init; }

    public double? Max { get; init; }

    public double? Value { get; init; }

    public string? Placeholder { get; init; }
}

public sealed record ChoiceSetInput(IList<Choice> Choices) : CardInput
{
    public ChoiceInputStyle? Style { get; init; }

    public bool? IsMultiSelect { get; init; }

    /// <summary>Preselected value; comma-separated for multi-select.</summary>
    public string? Value { get; init; }

    public string? Placeholder { get; init; }

    public bool? Wrap { get; init; }
}

public sealed record Choice(string Title, string Value);

public sealed record DateInput : CardInput
{
    /// <summary>YYYY-MM-DD.</summary>
    public string? Value { get; init; }

    public string? Min { get; init; }

    public string? Max { get; init; }
}

public sealed record TimeInput : CardInput
{
    /// <summary>HH:mm.</summary>
    public string? Value { get; init; }
}

public sealed record ToggleInput(string Title) : CardInput
{
    public string? Value { get; init; }

    public string? ValueOn { get; init; }

    public string? ValueOff { get; init; }
}

using System.Text;

namespace CityDealBot.Storage;

/// <summary>
/// Makes any string safe as a PartitionKey or RowKey. Table keys forbid / \ # ? and control characters
/// (protocol reference §7); Teams ids use ':' '@' ';' which are allowed and stay readable. '%' is escaped
/// too so the mapping is reversible.
/// </summary>
public static class TableKey
{
    public static string Encode(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.Any(NeedsEscape))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length + 8);
        foreach (var c in value)
        {
            if (NeedsEscape(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    public static string Decode(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        if (!key.Contains('%', StringComparison.Ordinal))
        {
            return key;
        }

        var builder = new StringBuilder(key.Length);
        for (var i = 0; i < key.Length; i++)
        {
            if (key[i] == '%' && i + 2 < key.Length)
            {
                builder.Append((char)Convert.ToInt32(key.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                builder.Append(key[i]);
            }
        }

        return builder.ToString();
    }

    /// <summary>Quotes a value for an OData filter.</summary>
    public static string Quote(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static bool NeedsEscape(char c) =>
        c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c) || (c >= '\u007F' && c <= '\u009F');
}

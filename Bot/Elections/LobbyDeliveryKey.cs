using System.Security.Cryptography;
using System.Text;

namespace CityDealBot.Elections;

/// <summary>
/// Deterministic idempotency key for one reminder to one recipient, safe as an Azure Table RowKey:
/// only [A-Za-z0-9._-] and '~' (never / \ # ? or control characters), at most 160 characters.
/// Readable parts help when browsing the table; the hash over all four parts (length-prefixed) makes it unique.
/// </summary>
public static class LobbyDeliveryKey
{
    private const int ReadablePartLength = 40;

    public static string For(string dealId, string electionId, string momentKey, string recipientId)
    {
        var hash = Hash(dealId, electionId, momentKey, recipientId);
        return $"{Readable(electionId)}~{Readable(momentKey)}~{hash}";
    }

    public static string For(LobbyOccurrence occurrence, LobbyRecipient recipient) =>
        For(occurrence.DealId, occurrence.Election.Id, occurrence.MomentKey, recipient.Id);

    private static string Hash(params string[] parts)
    {
        var builder = new StringBuilder();
        foreach (var part in parts)
        {
            // Length prefix: ("ab","c") and ("a","bc") must not collide.
            builder.Append(part.Length).Append(':').Append(part).Append('|');
        }
        var digest = SHA256.HashData(Encoding.UTF8.GetBytes(builder.ToString()));
        return Convert.ToHexStringLower(digest.AsSpan(0, 16));
    }

    private static string Readable(string value)
    {
        var builder = new StringBuilder(Math.Min(value.Length, ReadablePartLength));
        foreach (var c in value)
        {
            if (builder.Length == ReadablePartLength)
            {
                break;
            }
            builder.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-');
        }
        return builder.Length == 0 ? "-" : builder.ToString();
    }
}

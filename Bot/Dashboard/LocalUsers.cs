namespace CityDealBot.Dashboard;

/// <summary>A person the local sign-in page offers: a user configured for the Agents Playground.</summary>
public sealed record LocalUser(string Name, string ObjectId);

/// <summary>
/// Reads the Playground's users (its current user and its <c>users</c> list) from its configuration file, so the
/// local sign-in offers exactly the people the local Teams client plays. Only names and <c>aadObjectId</c>s are read.
/// </summary>
public static class LocalUsers
{
    public static IReadOnlyList<LocalUser> Read(string? path)
    {
        if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
        {
            return [];
        }

        var users = new List<LocalUser>();
        string? name = null;
        string? objectId = null;
        void Flush()
        {
            if (name is not null && objectId is not null && users.All(u => u.ObjectId != objectId))
            {
                users.Add(new LocalUser(name, objectId));
            }

            (name, objectId) = (null, null);
        }

        foreach (var raw in File.ReadLines(path))
        {
            var line = raw.Split('#')[0].TrimEnd();
            var trimmed = line.TrimStart();
            var startsEntry = trimmed.StartsWith("- ", StringComparison.Ordinal) || (line.Length > 0 && !char.IsWhiteSpace(line[0]));
            if (startsEntry)
            {
                Flush();
                trimmed = trimmed.StartsWith("- ", StringComparison.Ordinal) ? trimmed[2..] : trimmed;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = trimmed[..colon].Trim();
            var value = trimmed[(colon + 1)..].Trim().Trim('"', '\'');
            if (key == "name" && value.Length > 0)
            {
                name = value;
            }
            else if (key == "aadObjectId" && value.Length > 0)
            {
                objectId = value;
            }
        }

        Flush();
        return users;
    }
}

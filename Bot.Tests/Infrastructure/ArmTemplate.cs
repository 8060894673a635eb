using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CityDealBot.Tests.Infrastructure;

/// <summary>
/// Evaluates the template language expressions of a compiled ARM template far enough to read what a deployment
/// would set: parameters, variables, the common functions, and module outputs. What only Azure knows at deployment
/// time (a resource's runtime properties) stays a named placeholder; a managed identity gets the client id given.
/// </summary>
public sealed class ArmTemplate
{
    private readonly JsonObject _template;
    private readonly IReadOnlyDictionary<string, object?> _parameterValues;
    private readonly string _identityClientId;

    public ArmTemplate(JsonObject template, IReadOnlyDictionary<string, object?> parameterValues, string identityClientId)
    {
        _template = template;
        _parameterValues = parameterValues;
        _identityClientId = identityClientId;
    }

    public const string TenantId = "0f1e2d3c-0000-4000-8000-00000000abcd";

    /// <summary>A deployment-time value only Azure knows.</summary>
    public sealed record Placeholder(string Path);

    public JsonObject Module(string name) => _template["resources"]!.AsArray().OfType<JsonObject>()
        .Single(r => r["type"]!.GetValue<string>() == "Microsoft.Resources/deployments" && r["name"]!.GetValue<string>() == name);

    /// <summary>The value the parameter <paramref name="name"/> of module <paramref name="module"/> receives.</summary>
    public object? ModuleParameter(string module, string name) => ParameterValue(Module(module)["properties"]!["parameters"]![name]);

    /// <summary>A module parameter is <c>{"value": …}</c>, or an expression that makes that object.</summary>
    private object? ParameterValue(JsonNode? given) => Evaluate(given) is Dictionary<string, object?> wrapper && wrapper.TryGetValue("value", out var value)
        ? value
        : throw new FormatException($"Not a parameter value: {given}");

    public object? Evaluate(JsonNode? node) => node switch
    {
        null => null,
        JsonObject o => o.ToDictionary(p => p.Key, p => Evaluate(p.Value)),
        JsonArray a => a.Select(Evaluate).ToList(),
        JsonValue v when v.TryGetValue<string>(out var s) => s.StartsWith('[') && !s.StartsWith("[[", StringComparison.Ordinal) && s.EndsWith(']')
            ? new Parser(this, s[1..^1]).ParseWhole()
            : s,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<long>(out var l) => l,
        JsonValue v => v.ToString(),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private object? Call(string name, IReadOnlyList<Func<object?>> args)
    {
        object? Arg(int i) => args[i]();
        string Text(int i) => Convert.ToString(Arg(i), CultureInfo.InvariantCulture) ?? string.Empty;
        switch (name.ToLowerInvariant())
        {
            case "parameters":
                var parameter = Text(0);
                return _parameterValues.TryGetValue(parameter, out var given) ? given : Evaluate(_template["parameters"]![parameter]!["defaultValue"]);
            case "variables":
                return Evaluate(_template["variables"]![Text(0)]);
            case "createobject":
                var created = new Dictionary<string, object?>();
                for (var i = 0; i < args.Count; i += 2)
                {
                    created[Text(i)] = Arg(i + 1);
                }

                return created;
            case "union":
                var merged = new Dictionary<string, object?>();
                foreach (var arg in args)
                {
                    // An object built by a lambda (toObject over a range) is not evaluated here; its keys are
                    // not the ones the tests read, so the union goes on without them.
                    if (arg() is not Dictionary<string, object?> part)
                    {
                        continue;
                    }

                    foreach (var (k, v) in part)
                    {
                        merged[k] = v;
                    }
                }

                return merged;
            case "if": return Equals(Arg(0), true) ? Arg(1) : Arg(2);
            case "equals": return Equals(Arg(0), Arg(1));
            case "not": return !(bool)Arg(0)!;
            case "and": return args.All(a => (bool)a()!);
            case "or": return args.Any(a => (bool)a()!);
            case "empty": return Arg(0) switch { null => true, string s => s.Length == 0, System.Collections.ICollection c => c.Count == 0, _ => false };
            case "format":
                var pattern = Text(0);
                return System.Text.RegularExpressions.Regex.Replace(pattern, @"\{(\d+)\}", m => Text(int.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) + 1));
            case "concat": return string.Concat(args.Select(a => Convert.ToString(a(), CultureInfo.InvariantCulture)));
            case "take": return Text(0)[..Math.Min(Text(0).Length, Convert.ToInt32(Arg(1), CultureInfo.InvariantCulture))];
            case "tolower": return Text(0).ToLowerInvariant();
            case "replace": return Text(0).Replace(Text(1), Text(2), StringComparison.Ordinal);
            case "uniquestring": return "u" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', args.Select(a => a()))))).ToLowerInvariant()[..12];
            case "guid": return new Guid(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('|', args.Select(a => a()))))[..16]).ToString();
            case "resourceid" or "subscriptionresourceid": return "/resources/" + string.Join('/', args.Select(a => a()));
            case "tenant": return new Dictionary<string, object?> { ["tenantId"] = TenantId };
            case "resourcegroup": return new Dictionary<string, object?> { ["id"] = "/subscriptions/s/resourceGroups/rg-citydealbot", ["location"] = "westeurope" };
            case "reference": return Reference(Text(0));
            case "true": return true;
            case "false": return false;
            case "null": return null;
            default: return new Placeholder($"{name}(...)");
        }
    }

    private object? Reference(string resourceId)
    {
        if (resourceId.Contains("Microsoft.ManagedIdentity/userAssignedIdentities", StringComparison.Ordinal))
        {
            return new Dictionary<string, object?> { ["clientId"] = _identityClientId, ["principalId"] = new Placeholder("principalId") };
        }

        const string deployments = "/resources/Microsoft.Resources/deployments/";
        if (resourceId.StartsWith(deployments, StringComparison.Ordinal))
        {
            // A module: evaluate its own template's outputs with the parameters this template hands it.
            var module = resourceId[deployments.Length..];
            var inner = Module(module)["properties"]!;
            var parameters = inner["parameters"]!.AsObject().ToDictionary(p => p.Key, p => ParameterValue(p.Value));
            var nested = new ArmTemplate(inner["template"]!.AsObject(), parameters, _identityClientId);
            var outputs = inner["template"]!["outputs"]!.AsObject().ToDictionary(
                o => o.Key, o => (object?)new Dictionary<string, object?> { ["value"] = nested.Evaluate(o.Value!["value"]) });
            return new Dictionary<string, object?> { ["outputs"] = outputs };
        }

        return new Placeholder(resourceId);
    }

    private sealed class Parser(ArmTemplate template, string text)
    {
        private int _at;

        public object? ParseWhole()
        {
            var value = Expression();
            Skip();
            return _at == text.Length ? value : throw new FormatException($"Unparsed ARM expression rest: {text[_at..]}");
        }

        private object? Expression()
        {
            Skip();
            object? value;
            if (text[_at] == '\'')
            {
                value = StringLiteral();
            }
            else if (char.IsDigit(text[_at]) || text[_at] == '-')
            {
                var start = _at++;
                while (_at < text.Length && char.IsDigit(text[_at]))
                {
                    _at++;
                }

                value = long.Parse(text[start.._at], CultureInfo.InvariantCulture);
            }
            else
            {
                var name = Identifier();
                Expect('(');
                var args = new List<Func<object?>>();
                Skip();
                while (text[_at] != ')')
                {
                    // Arguments are parsed now and evaluated when the function asks (if() evaluates one branch).
                    var start = _at;
                    SkipExpression();
                    var source = text[start.._at];
                    args.Add(() => new Parser(template, source).ParseWhole());
                    Skip();
                    if (text[_at] == ',')
                    {
                        _at++;
                        Skip();
                    }
                }

                _at++;
                value = template.Call(name, args);
            }

            while (_at < text.Length && (text[_at] == '.' || text[_at] == '['))
            {
                if (text[_at] == '.')
                {
                    _at++;
                    value = Member(value, Identifier());
                }
                else
                {
                    _at++;
                    var key = Expression();
                    Expect(']');
                    value = key is long index && value is List<object?> list ? list[(int)index] : Member(value, Convert.ToString(key, CultureInfo.InvariantCulture)!);
                }
            }

            return value;
        }

        private static object? Member(object? value, string name) => value switch
        {
            Dictionary<string, object?> d => d.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException(name),
            Placeholder p => new Placeholder(p.Path + "." + name),
            _ => throw new InvalidOperationException($"No member {name} on {value}"),
        };

        private void SkipExpression()
        {
            var depth = 0;
            while (_at < text.Length)
            {
                var c = text[_at];
                if (c == '\'')
                {
                    StringLiteral();
                    continue;
                }

                if (c is '(' or '[')
                {
                    depth++;
                }
                else if (c is ')' or ']')
                {
                    if (depth == 0)
                    {
                        return;
                    }

                    depth--;
                }
                else if (c == ',' && depth == 0)
                {
                    return;
                }

                _at++;
            }
        }

        private string StringLiteral()
        {
            var result = new StringBuilder();
            _at++;
            while (true)
            {
                if (text[_at] == '\'')
                {
                    if (_at + 1 < text.Length && text[_at + 1] == '\'')
                    {
                        result.Append('\'');
                        _at += 2;
                        continue;
                    }

                    _at++;
                    return result.ToString();
                }

                result.Append(text[_at++]);
            }
        }

        private string Identifier()
        {
            var start = _at;
            while (_at < text.Length && (char.IsLetterOrDigit(text[_at]) || text[_at] == '_'))
            {
                _at++;
            }

            return start == _at ? throw new FormatException($"Expected a name at {_at} in {text}") : text[start.._at];
        }

        private void Expect(char c)
        {
            Skip();
            if (_at >= text.Length || text[_at] != c)
            {
                throw new FormatException($"Expected '{c}' at {_at} in {text}");
            }

            _at++;
        }

        private void Skip()
        {
            while (_at < text.Length && text[_at] == ' ')
            {
                _at++;
            }
        }
    }
}

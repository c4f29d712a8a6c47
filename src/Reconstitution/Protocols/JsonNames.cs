namespace Reconstitution.Protocols;

/// <summary>camelCase names of enum values as written in protocol files, and their reverse lookup.</summary>
internal static class JsonNames
{
    /// <summary>The camelCase name of an enum value (<c>TotalBodyIrradiation</c> → <c>totalBodyIrradiation</c>).</summary>
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum
    {
        string name = value.ToString();
        return char.ToLowerInvariant(name[0]) + name[1..];
    }

    /// <summary>All names of <typeparamref name="TEnum"/> in declaration order, for error messages.</summary>
    public static string AllOf<TEnum>() where TEnum : struct, Enum =>
        string.Join(", ", Enum.GetValues<TEnum>().Select(Of));

    /// <summary>Finds the value named <paramref name="name"/> (exact camelCase match).</summary>
    public static bool TryParse<TEnum>(string name, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var candidate in Enum.GetValues<TEnum>())
        {
            if (Of(candidate) == name)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }
}

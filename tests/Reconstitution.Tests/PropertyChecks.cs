using System.Globalization;
using FsCheck;
using Microsoft.FSharp.Core;

namespace Reconstitution.Tests;

/// <summary>
/// Runs FsCheck properties with one shared configuration, so that CI is reproducible: every property draws its cases
/// from a fixed replay seed unless <c>RECONSTITUTION_FSCHECK_SEED</c> asks otherwise (tests/README.md).
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>unset or empty: the fixed seed <see cref="FixedSeed"/> (CI);</item>
/// <item><c>random</c>: a fresh seed each run (exploring locally); FsCheck's failure message names the seed to replay;</item>
/// <item><c>SEED,GAMMA</c> (two unsigned integers, as FsCheck prints them, e.g. <c>12345,67</c>): replay that seed.</item>
/// </list>
/// A failure message always ends with the seed used, so a failing case found locally can be replayed and kept.
/// </remarks>
public static class PropertyChecks
{
    /// <summary>The environment variable that chooses the seed.</summary>
    public const string SeedVariable = "RECONSTITUTION_FSCHECK_SEED";

    /// <summary>The replay seed used in CI: (seed, gamma); gamma must be odd.</summary>
    public static readonly (ulong Seed, ulong Gamma) FixedSeed = (20261204UL, 1013904223UL);

    /// <summary>Checks <paramref name="property"/> with the shared configuration and throws on the first counter-example.</summary>
    /// <param name="property">The property, e.g. from <c>Prop.ForAll</c>.</param>
    public static void CheckThrowOnFailure(this Property property)
    {
        var seed = Seed(Environment.GetEnvironmentVariable(SeedVariable));
        var config = Config.QuickThrowOnFailure;
        if (seed is { } s)
            config = config.WithReplay(FSharpOption<Replay>.Some(new Replay(new Rnd(s.Seed, s.Gamma), FSharpOption<int>.None)));
        try
        {
            Check.One(config, property);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            string used = seed is { } u ? string.Create(CultureInfo.InvariantCulture, $"{u.Seed},{u.Gamma}") : "random (see the message above)";
            throw new InvalidOperationException($"{ex.Message}\nReplay seed: {used} (set {SeedVariable}=SEED,GAMMA to replay).", ex);
        }
    }

    /// <summary>The seed that <paramref name="setting"/> asks for, or <see langword="null"/> for a random one.</summary>
    /// <param name="setting">The environment variable's value.</param>
    /// <returns>(seed, gamma) or <see langword="null"/>.</returns>
    /// <exception cref="ArgumentException">The value is neither empty, <c>random</c>, nor two unsigned integers with an odd gamma.</exception>
    public static (ulong Seed, ulong Gamma)? Seed(string? setting)
    {
        if (string.IsNullOrWhiteSpace(setting)) return FixedSeed;
        if (setting.Trim().Equals("random", StringComparison.OrdinalIgnoreCase)) return null;
        var parts = setting.Split(',', StringSplitOptions.TrimEntries);
        if (parts.Length == 2
            && ulong.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)
            && ulong.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out ulong g)
            && g % 2 == 1)
            return (s, g);
        throw new ArgumentException($"{SeedVariable} was '{setting}'; allowed: empty (the fixed CI seed), 'random', or 'SEED,GAMMA' (unsigned integers, GAMMA odd), e.g. '12345,67'.", nameof(setting));
    }
}

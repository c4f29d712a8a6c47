using System.Globalization;

namespace Reconstitution.Cli;

/// <summary>
/// Shard <see cref="Index"/> of <see cref="Count"/> (0-based) of a cohort of <see cref="Patients"/>: a contiguous block of
/// patient indices, so the shards' patients.csv files, in shard order, are the rows of one unsharded run.
/// Shard k holds indices ⌊k·P/N⌋ … ⌊(k+1)·P/N⌋ − 1 (block sizes differ by at most one). Immutable.
/// </summary>
internal sealed record Shard(int Index, int Count, int Patients)
{
    public const string TaskId = "SLURM_ARRAY_TASK_ID";
    public const string TaskCount = "SLURM_ARRAY_TASK_COUNT";
    public const string TaskMin = "SLURM_ARRAY_TASK_MIN";

    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>The first global patient index of the shard.</summary>
    public int First => Start(Index, Count, Patients);

    /// <summary>How many patients the shard runs.</summary>
    public int Size => Start(Index + 1, Count, Patients) - First;

    /// <summary>The shard's folder name under the cohort's --out folder.</summary>
    public string FolderName => string.Create(Inv, $"shard-{Index}-of-{Count}");

    public string Label => string.Create(Inv, $"{Index}/{Count}");

    public static int Start(int index, int count, int patients) => (int)((long)index * patients / count);

    /// <summary>Parses <c>--shard K/N</c>.</summary>
    public static Shard Parse(string text, int patients)
    {
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash > 0
            && int.TryParse(text.AsSpan(0, slash), NumberStyles.None, Inv, out int k)
            && int.TryParse(text.AsSpan(slash + 1), NumberStyles.None, Inv, out int n)
            && n >= 1 && n <= patients && k < n)
            return new Shard(k, n, patients);
        throw new UsageException(string.Create(Inv,
            $"--shard: {ArgumentParsing.Quote(text)} is not allowed; use K/N with N from 1 to {patients} (the patient count) and K from 0 to N - 1 (shards count from 0)."));
    }

    /// <summary>The shard of a Slurm array task, or null when the array variables are not set.</summary>
    public static Shard? FromSlurm(Func<string, string?> env, int patients)
    {
        string? id = Blank(env(TaskId)), count = Blank(env(TaskCount)), min = Blank(env(TaskMin));
        if (id is null && count is null) return null;
        if (id is null || count is null)
            throw new UsageException($"{(id is null ? TaskId : TaskCount)} is not set but {(id is null ? TaskCount : TaskId)} is; run inside a Slurm job array, or pass --shard K/N.");
        int n = Whole(count, TaskCount, 1, patients, "(the patient count)");
        int lo = min is null ? 0 : Whole(min, TaskMin, 0, int.MaxValue - n, "");
        int k = Whole(id, TaskId, lo, lo + n - 1, string.Create(Inv, $"({TaskMin} {lo} to {TaskMin} + {TaskCount} - 1; arrays with a step such as --array=0-9:2 are not supported)"));
        return new Shard(k - lo, n, patients);
    }

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    private static int Whole(string text, string name, int min, int max, string why)
    {
        if (int.TryParse(text, NumberStyles.Integer, Inv, out int v) && v >= min && v <= max) return v;
        string tail = why.Length == 0 ? "" : " " + why;
        throw new UsageException(string.Create(Inv, $"{name}: {ArgumentParsing.Quote(text)} is not allowed; use a whole number from {min} to {max}{tail}."));
    }
}

using System.Numerics;

namespace Reconstitution.Numerics;

/// <summary>
/// The sparsity of an ODE system's Jacobian, with what an implicit integrator derives from it alone: the column groups of
/// a finite-difference Jacobian (<see cref="SparseJacobian"/>), each row's diagonal entry, and the symbolic LU analysis of
/// its matrices (<see cref="SparseLuAnalysis"/>, made at the first use). Immutable, so one instance serves the integrators
/// of every thread.
/// </summary>
/// <remarks>
/// <para>Use one instance per pattern where many integrators meet the same few patterns (a cohort's patients passing
/// through the same partitions: the hybrid solver's partition layouts keep theirs), so that declaring a pattern
/// (<see cref="OdeStepper.SetJacobianPattern"/>) points an integrator at it instead of grouping columns and looking the LU
/// analysis up again.</para>
/// <para>Groups are formed greedily in column order (the CPR heuristic of Curtis, Powell and Reid, <i>IMA J Appl Math</i>
/// 13 (1974) 117–119): each column takes the first group none of whose columns reads a row it reads.</para>
/// </remarks>
internal sealed class JacobianPattern
{
    private volatile SparseLuAnalysis? _analysis;

    /// <summary>Takes a CSR pattern (row k lists the components ∂fₖ/∂yⱼ may be nonzero for, each once) and groups its columns.</summary>
    /// <param name="rowOffsets">Row k's columns are entries [rowOffsets[k], rowOffsets[k + 1]) of <paramref name="columns"/>; kept, not copied.</param>
    /// <param name="columns">The columns, row by row; kept, not copied.</param>
    /// <param name="timeDependent">Whether f depends on t explicitly.</param>
    /// <exception cref="ArgumentException">The offsets are empty or decrease, or do not end at the columns' count.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A column is outside [0, n).</exception>
    public JacobianPattern(int[] rowOffsets, int[] columns, bool timeDependent)
    {
        int n = rowOffsets.Length - 1;
        if (n < 0 || rowOffsets[0] != 0 || rowOffsets[n] != columns.Length)
            throw new ArgumentException($"The row offsets must start at 0 and end at the {columns.Length} columns.", nameof(rowOffsets));
        for (int i = 0; i < n; i++)
            if (rowOffsets[i + 1] < rowOffsets[i]) throw new ArgumentException($"The row offsets decrease at row {i}.", nameof(rowOffsets));
        for (int e = 0; e < columns.Length; e++)
            if ((uint)columns[e] >= (uint)n) throw new ArgumentOutOfRangeException(nameof(columns), columns[e], $"A pattern column must be in [0, {n}).");
        RowOffsets = rowOffsets;
        Columns = columns;
        TimeDependent = timeDependent;
        Dimension = n;
        DiagonalEntry = new int[n];
        ColumnStart = new int[n + 1];
        ColumnEntries = new int[columns.Length];
        ColumnRows = new int[columns.Length];
        GroupStart = new int[n + 1];
        GroupColumns = new int[n];
        Groups = Group();
    }

    /// <summary>Every entry of an <paramref name="n"/>-dimensional Jacobian possibly nonzero, and f time-dependent.</summary>
    public static JacobianPattern Dense(int n)
    {
        var offsets = new int[n + 1];
        var columns = new int[n * n];
        for (int i = 0; i < n; i++)
        {
            offsets[i + 1] = (i + 1) * n;
            for (int j = 0; j < n; j++) columns[i * n + j] = j;
        }
        return new JacobianPattern(offsets, columns, timeDependent: true);
    }

    /// <summary>The pattern's dimension (rows and columns).</summary>
    public int Dimension { get; }

    /// <summary>CSR row offsets (length <see cref="Dimension"/> + 1). Not to be written.</summary>
    public int[] RowOffsets { get; }

    /// <summary>The columns, row by row. Not to be written.</summary>
    public int[] Columns { get; }

    /// <summary>Whether f depends on t explicitly (then a Jacobian evaluation takes ∂f/∂t too).</summary>
    public bool TimeDependent { get; }

    /// <summary>Column groups: evaluations of f per finite-difference Jacobian (one more for ∂f/∂t).</summary>
    public int Groups { get; }

    /// <summary>Each row's diagonal entry, −1 when the pattern has none.</summary>
    internal int[] DiagonalEntry { get; }

    /// <summary>The transpose: column j's entries are [ColumnStart[j], ColumnStart[j + 1]) of <see cref="ColumnEntries"/> (their positions in row order) and <see cref="ColumnRows"/> (their rows).</summary>
    internal int[] ColumnStart { get; }

    /// <inheritdoc cref="ColumnStart"/>
    internal int[] ColumnEntries { get; }

    /// <inheritdoc cref="ColumnStart"/>
    internal int[] ColumnRows { get; }

    /// <summary>Group g's columns are [GroupStart[g], GroupStart[g + 1]) of <see cref="GroupColumns"/>.</summary>
    internal int[] GroupStart { get; }

    /// <inheritdoc cref="GroupStart"/>
    internal int[] GroupColumns { get; }

    /// <summary>
    /// The symbolic LU analysis of σI − J for this pattern, made (or found in <see cref="SymbolicAnalysisCache.Shared"/>) at
    /// the first call; the same analysis whichever thread makes it.
    /// </summary>
    public SparseLuAnalysis Analysis => _analysis ??= SymbolicAnalysisCache.Shared.For(RowOffsets, Columns);

    /// <summary>Whether this pattern equals the given one entry for entry, time dependence included.</summary>
    public bool Matches(JacobianPattern other) => ReferenceEquals(this, other)
        || (other.TimeDependent == TimeDependent && other.RowOffsets.AsSpan().SequenceEqual(RowOffsets) && other.Columns.AsSpan().SequenceEqual(Columns));

    /// <summary>Diagonal entries, the transpose, and the greedy grouping; returns the number of groups.</summary>
    private int Group()
    {
        int n = Dimension, entries = Columns.Length, w = Math.Max(1, (n + 63) / 64);
        int[] rowOffsets = RowOffsets, columns = Columns, columnStart = ColumnStart;
        for (int i = 0; i < n; i++)
        {
            DiagonalEntry[i] = -1;
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++)
                if (columns[e] == i) DiagonalEntry[i] = e;
        }
        // Transpose: each column's entries (positions in the row-wise order) and their rows.
        for (int e = 0; e < entries; e++) columnStart[columns[e] + 1]++;
        for (int j = 0; j < n; j++) columnStart[j + 1] += columnStart[j];
        for (int i = 0; i < n; i++)
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++)
            {
                int slot = columnStart[columns[e]]++;
                ColumnEntries[slot] = e;
                ColumnRows[slot] = i;
            }
        for (int j = n; j > 0; j--) columnStart[j] = columnStart[j - 1];
        columnStart[0] = 0;
        // Greedy grouping: each column takes the first group none of whose columns reads a row it reads.
        var rowGroups = new ulong[n * w]; // per row: the groups that already perturb one of its columns
        var columnGroup = new int[n];
        int groups = 0;
        for (int j = 0; j < n; j++)
        {
            int group = 0;
            for (int m = 0; m < w; m++)
            {
                ulong taken = 0;
                for (int s = columnStart[j]; s < columnStart[j + 1]; s++) taken |= rowGroups[ColumnRows[s] * w + m];
                if (taken == ulong.MaxValue) continue;
                group = m * 64 + BitOperations.TrailingZeroCount(~taken);
                break;
            }
            for (int s = columnStart[j]; s < columnStart[j + 1]; s++) rowGroups[ColumnRows[s] * w + (group >> 6)] |= 1UL << group;
            columnGroup[j] = group;
            groups = Math.Max(groups, group + 1);
        }
        // Each group's columns, contiguous (a counting sort by group).
        for (int j = 0; j < n; j++) GroupStart[columnGroup[j] + 1]++;
        for (int g = 0; g < groups; g++) GroupStart[g + 1] += GroupStart[g];
        var next = GroupStart[..groups];
        for (int j = 0; j < n; j++) GroupColumns[next[columnGroup[j]]++] = j;
        return groups;
    }
}

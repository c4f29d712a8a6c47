using System.Numerics;

namespace Reconstitution.Numerics;

/// <summary>
/// The symbolic analysis of σI − J for one sparsity pattern of J, as <see cref="SparseLu"/> factors it: the minimum-degree
/// ordering, the factor's structure with its fill-in, and where each entry of J lands in the factor. Immutable, so every
/// factorisation of the pattern, on any thread, reads the same instance (<see cref="SparseLu.Use"/>).
/// </summary>
/// <remarks>
/// Ordering: minimum degree on the symmetrised pattern (Tinney and Walker 1967, scheme 2), applied symmetrically so the
/// diagonal stays the pivot; the diagonal is added when the pattern lacks it. Made by <see cref="Of"/> on bit sets,
/// O(n²·n/64); kept by pattern in a <see cref="SymbolicAnalysisCache"/> and by <see cref="JacobianPattern.Analysis"/>.
/// </remarks>
internal sealed class SparseLuAnalysis
{
    private SparseLuSolveCode? _code;
    private SparseLuFactorCode? _factorCode;
    private volatile bool _codeLookedUp, _factorCodeLookedUp;

    private SparseLuAnalysis(int[] rowOffsets, int[] columns, int[] order, int[] position, int[] rowStart, int[] diagonal, int[] factorColumns, int[] entryOf, int[] updateTargets)
    {
        (RowOffsets, Columns, Order, Position, RowStart, Diagonal, FactorColumns, EntryOf, UpdateTargets) =
            (rowOffsets, columns, order, position, rowStart, diagonal, factorColumns, entryOf, updateTargets);
    }

    /// <summary>The analysed pattern of J: CSR row offsets and columns (copies, for look-ups by pattern).</summary>
    public int[] RowOffsets { get; }

    /// <inheritdoc cref="RowOffsets"/>
    public int[] Columns { get; }

    /// <summary>Position p of the factor holds original row Order[p]; <see cref="Position"/> is its inverse.</summary>
    public int[] Order { get; }

    /// <inheritdoc cref="Order"/>
    public int[] Position { get; }

    /// <summary>The factor's rows (permuted indices), CSR offsets into <see cref="FactorColumns"/>, each row's columns ascending.</summary>
    public int[] RowStart { get; }

    /// <summary>Each factor row's diagonal entry.</summary>
    public int[] Diagonal { get; }

    /// <summary>The factor's columns (L and U together, the diagonal once), row by row.</summary>
    public int[] FactorColumns { get; }

    /// <summary>Each entry of J (in the pattern's order) → its entry in the factor.</summary>
    public int[] EntryOf { get; }

    /// <summary>
    /// The elimination's updates, in the order the factorisation makes them: for each row i, each entry (i, k) left of its
    /// diagonal in order, and each entry (k, j) of row k beyond its diagonal in order, the entry of row i in column j (which
    /// the analysis' fill-in guarantees). <see cref="SparseLu.Factor"/>'s loops update the row's entries in place through it.
    /// </summary>
    public int[] UpdateTargets { get; }

    /// <summary>Rows.</summary>
    public int Dimension => Order.Length;

    /// <summary>
    /// The generated solve's shared entry for this factor structure (<see cref="SparseLuSolveCode.For"/>), looked up at the
    /// first call; null where no code is generated or the code cache is full.
    /// </summary>
    public SparseLuSolveCode? Code
    {
        get
        {
            if (_codeLookedUp) return _code;
            _code = SparseLuSolveCode.For(Order, RowStart, Diagonal, FactorColumns);
            _codeLookedUp = true; // volatile: the entry is written before the flag that publishes it
            return _code;
        }
    }

    /// <summary>
    /// The generated factorisation's shared entry for this factor structure and entry map (<see cref="SparseLuFactorCode.For"/>),
    /// looked up at the first call; null where no code is generated or the code cache is full.
    /// </summary>
    public SparseLuFactorCode? FactorCode
    {
        get
        {
            if (_factorCodeLookedUp) return _factorCode;
            _factorCode = SparseLuFactorCode.For(RowStart, Diagonal, FactorColumns, EntryOf);
            _factorCodeLookedUp = true; // volatile: the entry is written before the flag that publishes it
            return _factorCode;
        }
    }

    /// <summary>Whether this is the analysis of the pattern <paramref name="rowOffsets"/>/<paramref name="columns"/>.</summary>
    public bool Matches(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns) =>
        rowOffsets.SequenceEqual(RowOffsets) && columns.SequenceEqual(Columns);

    /// <summary>
    /// Orders and analyses the pattern of J (CSR rows <paramref name="rowOffsets"/>/<paramref name="columns"/>; the diagonal
    /// is added when missing; no column twice in a row).
    /// </summary>
    public static SparseLuAnalysis Of(ReadOnlySpan<int> rowOffsets, ReadOnlySpan<int> columns)
    {
        int n = rowOffsets.Length - 1, w = Math.Max(1, (n + 63) / 64);
        var adjacency = new ulong[n * w];
        var eliminated = new ulong[w];
        var order = new int[n];
        var position = new int[n];
        // Symmetrised adjacency (without the diagonal), then minimum degree on it.
        for (int i = 0; i < n; i++)
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++)
            {
                int j = columns[e];
                if (j == i) continue;
                adjacency[i * w + (j >> 6)] |= 1UL << j;
                adjacency[j * w + (i >> 6)] |= 1UL << i;
            }
        for (int p = 0; p < n; p++)
        {
            int best = -1, bestDegree = int.MaxValue;
            for (int v = 0; v < n; v++)
            {
                if ((eliminated[v >> 6] & (1UL << v)) != 0) continue;
                int degree = 0;
                for (int k = 0; k < w; k++) degree += BitOperations.PopCount(adjacency[v * w + k] & ~eliminated[k]);
                if (degree < bestDegree) { best = v; bestDegree = degree; }
            }
            order[p] = best;
            position[best] = p;
            eliminated[best >> 6] |= 1UL << best;
            // The remaining neighbours of the eliminated vertex become a clique.
            for (int k = 0; k < w; k++)
            {
                ulong neighbours = adjacency[best * w + k] & ~eliminated[k];
                while (neighbours != 0)
                {
                    int u = k * 64 + BitOperations.TrailingZeroCount(neighbours);
                    neighbours &= neighbours - 1;
                    for (int m = 0; m < w; m++) adjacency[u * w + m] |= adjacency[best * w + m];
                    adjacency[u * w + (u >> 6)] &= ~(1UL << u);
                }
            }
        }
        // Symbolic factorisation in the new order: row i of L+U is its own pattern plus, for every k < i in it (in
        // increasing order, fill included), row k's columns beyond k.
        var rowBits = adjacency; // reused: the ordering is done
        Array.Clear(rowBits);
        for (int i = 0; i < n; i++)
        {
            int pi = position[i];
            rowBits[pi * w + (pi >> 6)] |= 1UL << pi;
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++)
            {
                int pj = position[columns[e]];
                rowBits[pi * w + (pj >> 6)] |= 1UL << pj;
            }
        }
        int count = 0;
        for (int i = 0; i < n; i++)
        {
            int row = i * w;
            for (int k = 0; k < i; k++)
            {
                if ((rowBits[row + (k >> 6)] & (1UL << k)) == 0) continue;
                // Columns of row k beyond k.
                int from = k + 1, firstWord = from >> 6;
                for (int m = firstWord; m < w; m++)
                {
                    ulong bits = rowBits[k * w + m];
                    if (m == firstWord) bits &= ~((1UL << (from & 63)) - 1);
                    rowBits[row + m] |= bits;
                }
            }
            for (int m = 0; m < w; m++) count += BitOperations.PopCount(rowBits[row + m]);
        }
        var rowStart = new int[n + 1];
        var diagonal = new int[n];
        var factorColumns = new int[count];
        count = 0;
        for (int i = 0; i < n; i++)
        {
            int row = i * w;
            rowStart[i] = count;
            for (int m = 0; m < w; m++)
            {
                ulong bits = rowBits[row + m];
                while (bits != 0)
                {
                    int j = m * 64 + BitOperations.TrailingZeroCount(bits);
                    bits &= bits - 1;
                    if (j == i) diagonal[i] = count;
                    factorColumns[count++] = j;
                }
            }
        }
        rowStart[n] = count;
        // Where each entry of J lands in the factor.
        var entryOf = new int[columns.Length];
        var entryAt = new int[n]; // column → entry of the row being mapped
        for (int i = 0; i < n; i++)
        {
            int pi = position[i];
            for (int f = rowStart[pi]; f < rowStart[pi + 1]; f++) entryAt[factorColumns[f]] = f;
            for (int e = rowOffsets[i]; e < rowOffsets[i + 1]; e++) entryOf[e] = entryAt[position[columns[e]]];
        }
        // Each update's target entry: row k's column j beyond its diagonal, found in row i through the column → entry map.
        int updates = 0;
        for (int i = 0; i < n; i++)
            for (int e = rowStart[i]; e < diagonal[i]; e++) updates += rowStart[factorColumns[e] + 1] - diagonal[factorColumns[e]] - 1;
        var updateTargets = new int[updates];
        updates = 0;
        for (int i = 0; i < n; i++)
        {
            for (int f = rowStart[i]; f < rowStart[i + 1]; f++) entryAt[factorColumns[f]] = f;
            for (int e = rowStart[i]; e < diagonal[i]; e++)
            {
                int k = factorColumns[e];
                for (int f = diagonal[k] + 1; f < rowStart[k + 1]; f++) updateTargets[updates++] = entryAt[factorColumns[f]];
            }
        }
        return new SparseLuAnalysis(rowOffsets.ToArray(), columns.ToArray(), order, position, rowStart, diagonal, factorColumns, entryOf, updateTargets);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Reconstitution.Numerics;

/// <summary>
/// The cubic Hermite dense output of a fixed list of components on one integrator step, packed for reading them at many
/// times inside that step: four components to a block, each block holding their y₀, w·f₀, y₁ and w·f₁ side by side
/// (<see cref="HermiteSegment"/>), so that one reading is four contiguous vector loads per four components instead of a
/// gather from five vectors.
/// </summary>
/// <remarks>
/// <para>For the hybrid solver's daily stops: a step of the quiet late phase spans ≈ 12 daily stops, and each stop reads the
/// same ≈ 50 of ≈ 124 components. The pack is tied to the integrator's accepted step (<see cref="OdeStepper.AcceptedSteps"/>):
/// <see cref="Ready"/> packs at a step's first request, in one pass over the step's vectors (<see cref="HermiteStep"/>), and
/// is true without packing again while no new step is taken. The caller must <see cref="Clear"/> it when the list changes, and
/// <see cref="Forget"/> it when it resets or restarts the integrator (the step count stays, the vectors do not).</para>
/// <para><see cref="Write"/> gives each component the bits of <see cref="OdeStepper.InterpolateComponent"/> (the weights of
/// <see cref="CubicHermite"/>, its operations in its order on each lane, no fused multiply–add; the slope products are
/// the ones the interpolation forms).</para>
/// <para>Allocates nothing after its construction for lists up to its capacity; not thread-safe.</para>
/// </remarks>
internal sealed class HermitePack
{
    private const int Lanes = 4, BlockLength = 4 * Lanes;
    private double[] _blocks = [];  // block b at [16b, 16b + 16): y₀ of its four components, then w·f₀, y₁, w·f₁
    private int[] _targets = [];    // where each lane's value goes; the last block padded with its last component
    private int[] _order = [];      // the component in each lane
    private bool[] _placed = [];    // scratch of Plan: the list entries already in a lane
    private bool[] _sequential = [];  // per block: its four components are consecutive (packed with vector loads)
    private int _blockCount, _contiguousBlocks, _targetBound, _largestComponent; // blocks [0, _contiguousBlocks): four consecutive targets
    private double _start, _length;
    private bool _planned;          // the lanes are laid out for the list (Plan)
    private long _packedStep = -1;  // the accepted step the pack holds (−1: none)

    /// <summary>Creates a pack with room for lists of up to <paramref name="capacity"/> components (a longer list makes more).</summary>
    public HermitePack(int capacity = 0) => Allocate((Math.Max(capacity, 0) + Lanes - 1) / Lanes * Lanes);

    private void Allocate(int lanes)
    {
        _blocks = new double[lanes * Lanes];
        _order = new int[lanes];
        _targets = new int[lanes];
        _placed = new bool[lanes];
        _sequential = new bool[lanes / Lanes];
    }

    /// <summary>Forgets the pack and its layout (the list of components or their targets changed).</summary>
    public void Clear()
    {
        _planned = false;
        _packedStep = -1;
    }

    /// <summary>
    /// Forgets the packed step but keeps the layout: call it whenever the integrator's vectors change without a new step
    /// (a reset or a restart), which leaves <see cref="OdeStepper.AcceptedSteps"/> as it was.
    /// </summary>
    public void Forget() => _packedStep = -1;

    /// <summary>
    /// Whether <see cref="Write"/> may be called now for the integrator's last step: true when the pack holds that step or
    /// could pack the list for it; false when the integrator has no cubic Hermite step to pack (no Hermite dense output,
    /// no step since a reset, or a step of length 0): then read the dense output directly.
    /// </summary>
    /// <param name="stepper">The integrator.</param>
    /// <param name="components">The components to read (the same list at every request until <see cref="Clear"/>).</param>
    /// <param name="targets">Where component k's value goes: <see cref="Write"/>'s output index <paramref name="targets"/>[k].</param>
    /// <exception cref="ArgumentOutOfRangeException">A component is outside the integrator's dimension, or its target negative.</exception>
    public bool Ready(OdeStepper stepper, ReadOnlySpan<int> components, ReadOnlySpan<int> targets)
    {
        long step = stepper.AcceptedSteps;
        return step == _packedStep || PackStep(stepper, step, components, targets);
    }

    /// <summary>
    /// <see cref="Ready"/> at a step's first request: packs the step (out of line, so that the stops inside a packed step,
    /// most of them, carry no step descriptor on their stack).
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool PackStep(OdeStepper stepper, long step, ReadOnlySpan<int> components, ReadOnlySpan<int> targets)
    {
        _packedStep = -1;
        if (!stepper.TryGetHermiteStep(out HermiteStep hermite) || !(hermite.Length > 0)) return false;
        if (!_planned) Plan(components, targets);
        if (_largestComponent >= hermite.Dimension)
            throw new ArgumentOutOfRangeException(nameof(components), _largestComponent, $"Component {_largestComponent} listed; the dimension is {hermite.Dimension}.");
        Pack(hermite);
        _packedStep = step;
        return true;
    }

    /// <summary>
    /// Lays the list out in lanes: first every run of four list entries whose targets are consecutive (written with one
    /// vector store), then the others four at a time (written lane by lane), the last block's spare lanes repeating its
    /// last component (the same value written again).
    /// </summary>
    private void Plan(ReadOnlySpan<int> components, ReadOnlySpan<int> targets)
    {
        int n = components.Length, blocks = (n + Lanes - 1) / Lanes;
        if (_order.Length < blocks * Lanes) Allocate(blocks * Lanes);
        Span<bool> placed = _placed.AsSpan(0, n);
        placed.Clear();
        int lane = 0;
        for (int i = 0; i + Lanes <= n; i++)
        {
            int first = targets[components[i]];
            if (targets[components[i + 1]] != first + 1 || targets[components[i + 2]] != first + 2 || targets[components[i + 3]] != first + 3) continue;
            for (int j = i; j < i + Lanes; j++)
            {
                _order[lane++] = components[j];
                placed[j] = true;
            }
            i += Lanes - 1;
        }
        _contiguousBlocks = lane / Lanes;
        for (int i = 0; i < n; i++)
            if (!placed[i]) _order[lane++] = components[i];
        for (; lane < blocks * Lanes; lane++) _order[lane] = _order[lane - 1];
        int largest = -1, bound = 0;
        for (int i = 0; i < blocks * Lanes; i++)
        {
            int k = _order[i];
            if (k < 0) throw new ArgumentOutOfRangeException(nameof(components), k, $"Component {k} listed: components are not negative.");
            int target = targets[k];
            if (target < 0) throw new ArgumentOutOfRangeException(nameof(targets), target, $"Component {k}'s target is negative.");
            _targets[i] = target;
            largest = Math.Max(largest, k);
            bound = Math.Max(bound, target + 1);
        }
        for (int b = 0; b < blocks; b++)
        {
            int first = _order[b * Lanes];
            _sequential[b] = _order[b * Lanes + 1] == first + 1 && _order[b * Lanes + 2] == first + 2 && _order[b * Lanes + 3] == first + 3;
        }
        _blockCount = blocks;
        _largestComponent = largest;
        _targetBound = bound;
        _planned = true;
    }

    /// <summary>
    /// Copies each lane's y₀, w·f₀, y₁, w·f₁ from the step (every listed component is below its dimension): a block of four
    /// consecutive components by four vector loads, the others lane by lane.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Pack(in HermiteStep step)
    {
        ref double y0 = ref MemoryMarshal.GetArrayDataReference(step.Y0), f0 = ref MemoryMarshal.GetArrayDataReference(step.F0);
        ref double y1 = ref MemoryMarshal.GetArrayDataReference(step.Y1), f1 = ref MemoryMarshal.GetArrayDataReference(step.F1);
        ref double w = ref MemoryMarshal.GetArrayDataReference(step.SlopeWeight);
        ref int order = ref MemoryMarshal.GetArrayDataReference(_order);
        ref double block = ref MemoryMarshal.GetArrayDataReference(_blocks);
        ref bool sequential = ref MemoryMarshal.GetArrayDataReference(_sequential);
        for (int b = 0; b < _blockCount; b++)
        {
            ref double x = ref Unsafe.Add(ref block, b * BlockLength);
            if (Vector256.IsHardwareAccelerated && Unsafe.Add(ref sequential, b))
            {
                // Four consecutive components: each of the block's rows is one vector load (the same products lane by lane).
                nuint k = (nuint)Unsafe.Add(ref order, b * Lanes);
                var weight = Vector256.LoadUnsafe(ref w, k);
                Vector256.LoadUnsafe(ref y0, k).StoreUnsafe(ref x);
                (weight * Vector256.LoadUnsafe(ref f0, k)).StoreUnsafe(ref x, Lanes);
                Vector256.LoadUnsafe(ref y1, k).StoreUnsafe(ref x, 2 * Lanes);
                (weight * Vector256.LoadUnsafe(ref f1, k)).StoreUnsafe(ref x, 3 * Lanes);
                continue;
            }
            for (int lane = 0; lane < Lanes; lane++)
            {
                int k = Unsafe.Add(ref order, b * Lanes + lane);
                double weight = Unsafe.Add(ref w, k);
                Unsafe.Add(ref x, lane) = Unsafe.Add(ref y0, k);
                Unsafe.Add(ref x, Lanes + lane) = weight * Unsafe.Add(ref f0, k);
                Unsafe.Add(ref x, 2 * Lanes + lane) = Unsafe.Add(ref y1, k);
                Unsafe.Add(ref x, 3 * Lanes + lane) = weight * Unsafe.Add(ref f1, k);
            }
        }
        _start = step.Start;
        _length = step.Length;
    }

    /// <summary>
    /// Writes each packed component's value at <paramref name="time"/>, clamped at 0 (a NaN kept), into
    /// <paramref name="output"/> at its target: what writing <see cref="OdeStepper.InterpolateComponents"/>' values one by
    /// one with that clamp gives, to the bit.
    /// </summary>
    /// <exception cref="InvalidOperationException">Nothing is packed.</exception>
    /// <exception cref="ArgumentException">The output does not reach every target.</exception>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Write(double time, Span<double> output)
    {
        if (_packedStep < 0) throw new InvalidOperationException("Nothing is packed: ask Ready first.");
        if (output.Length < _targetBound) throw new ArgumentException($"The output has {output.Length} entries; a target is {_targetBound - 1}.", nameof(output));
        var weights = new CubicHermite(time, _start, _length);
        ref double block = ref MemoryMarshal.GetArrayDataReference(_blocks);
        ref int target = ref MemoryMarshal.GetArrayDataReference(_targets);
        ref double value = ref MemoryMarshal.GetReference(output);
        if (Vector256.IsHardwareAccelerated)
        {
            Vector256<double> c0 = Vector256.Create(weights.Y0), c1 = Vector256.Create(weights.F0);
            Vector256<double> c2 = Vector256.Create(weights.Y1), c3 = Vector256.Create(weights.F1);
            int b = 0;
            for (; b < _contiguousBlocks; b++)
                Clamp(Combine(ref Unsafe.Add(ref block, b * BlockLength), c0, c1, c2, c3)).StoreUnsafe(ref value, (nuint)Unsafe.Add(ref target, b * Lanes));
            for (; b < _blockCount; b++)
            {
                var v = Clamp(Combine(ref Unsafe.Add(ref block, b * BlockLength), c0, c1, c2, c3));
                ref int t = ref Unsafe.Add(ref target, b * Lanes);
                Unsafe.Add(ref value, t) = v.GetElement(0);
                Unsafe.Add(ref value, Unsafe.Add(ref t, 1)) = v.GetElement(1);
                Unsafe.Add(ref value, Unsafe.Add(ref t, 2)) = v.GetElement(2);
                Unsafe.Add(ref value, Unsafe.Add(ref t, 3)) = v.GetElement(3);
            }
            return;
        }
        for (int i = 0; i < _blockCount * Lanes; i++)
        {
            ref double x = ref Unsafe.Add(ref block, i / Lanes * BlockLength + i % Lanes);
            double v = weights.Value(x, Unsafe.Add(ref x, Lanes), Unsafe.Add(ref x, 2 * Lanes), Unsafe.Add(ref x, 3 * Lanes));
            Unsafe.Add(ref value, Unsafe.Add(ref target, i)) = v > 0 || double.IsNaN(v) ? v : 0;
        }
    }

    /// <summary>One block's four values: c₀y₀ + c₁(w·f₀) + c₂y₁ + c₃(w·f₁) lane by lane, in <see cref="CubicHermite.Value"/>'s order.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Combine(ref double x, Vector256<double> c0, Vector256<double> c1, Vector256<double> c2, Vector256<double> c3) =>
        c0 * Vector256.LoadUnsafe(ref x) + c1 * Vector256.LoadUnsafe(ref x, Lanes) + c2 * Vector256.LoadUnsafe(ref x, 2 * Lanes)
        + c3 * Vector256.LoadUnsafe(ref x, 3 * Lanes);

    /// <summary>Each lane kept where positive or NaN (all its bits), +0 elsewhere: the scalar clamp's values.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<double> Clamp(Vector256<double> v) => Avx.IsSupported
        ? Avx.And(v, Avx.CompareNotLessThanOrEqual(v, Vector256<double>.Zero))   // "not ≤ 0" is true for NaN
        : v & (Vector256.GreaterThan(v, Vector256<double>.Zero) | ~Vector256.Equals(v, v));
}

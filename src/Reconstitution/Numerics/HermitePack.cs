using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

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
/// <see cref="Ready"/> answers false to the first request in a step (one reading is cheaper gathered than packed), packs at
/// the second, and is true while no new step is taken. The caller must <see cref="Clear"/> it when the list changes, and
/// must not read it after changing the integrator's vectors without a new step (the hybrid solver changes them only when
/// it restarts the integrator, and takes a step before it reads the dense output again).</para>
/// <para><see cref="Write"/> gives each component the bits of <see cref="OdeStepper.InterpolateComponent"/> (the weights of
/// <see cref="CubicHermite"/>, its operations in its order on each lane, no fused multiply–add; the slope products are
/// the segment's, which are the ones the interpolation forms).</para>
/// <para>Allocates only when a list longer than any before is packed; not thread-safe.</para>
/// </remarks>
internal sealed class HermitePack
{
    private const int Lanes = 4, BlockLength = 4 * Lanes;
    private double[] _blocks = [];  // block b at [16b, 16b + 16): y₀ of its four components, then w·f₀, y₁, w·f₁
    private int[] _targets = [];    // where each lane's value goes; the last block padded with its last component
    private int _blockCount, _targetBound;
    private double _start, _length;
    private long _packedStep = -1;  // the accepted step the pack holds (−1: none)
    private long _seenStep = -1;    // the accepted step of the last request that was not served from the pack

    /// <summary>Forgets the pack (the list of components or their targets changed).</summary>
    public void Clear() => _packedStep = _seenStep = -1;

    /// <summary>
    /// Whether <see cref="Write"/> may be called now for the integrator's last step: true when the pack holds that step,
    /// or when this is the step's second request and the list could be packed; false at a step's first request and when
    /// the integrator has no Hermite segments (then read the dense output directly).
    /// </summary>
    /// <param name="stepper">The integrator.</param>
    /// <param name="components">The components to read (the same list at every request until <see cref="Clear"/>).</param>
    /// <param name="targets">Where component k's value goes: <see cref="Write"/>'s output index <paramref name="targets"/>[k].</param>
    public bool Ready(OdeStepper stepper, ReadOnlySpan<int> components, ReadOnlySpan<int> targets)
    {
        long step = stepper.AcceptedSteps;
        if (step == _packedStep) return true;
        if (step != _seenStep)
        {
            _seenStep = step;
            return false;
        }
        _seenStep = -1;
        return TryPack(stepper, step, components, targets);
    }

    /// <summary>Packs the listed components' segments of the integrator's last step; false when it has none (no Hermite dense output, no step since a reset, or a step of length 0).</summary>
    private bool TryPack(OdeStepper stepper, long step, ReadOnlySpan<int> components, ReadOnlySpan<int> targets)
    {
        _packedStep = -1;
        int n = components.Length, blocks = (n + Lanes - 1) / Lanes;
        if (_blocks.Length < blocks * BlockLength)
        {
            _blocks = new double[blocks * BlockLength];
            _targets = new int[blocks * Lanes];
        }
        int bound = 0;
        for (int i = 0; i < blocks * Lanes; i++)
        {
            int k = components[Math.Min(i, n - 1)];   // the last block's spare lanes repeat the last component
            if (!stepper.TryGetHermiteSegment(k, out HermiteSegment segment) || !(segment.Length > 0)) return false;
            if (i == 0)
            {
                _start = segment.Start;
                _length = segment.Length;
            }
            int target = targets[k];
            if (target < 0) throw new ArgumentOutOfRangeException(nameof(targets), target, $"Component {k}'s target is negative.");
            bound = Math.Max(bound, target + 1);
            _targets[i] = target;
            int at = i / Lanes * BlockLength + i % Lanes;
            _blocks[at] = segment.Y0;
            _blocks[at + Lanes] = segment.F0;
            _blocks[at + 2 * Lanes] = segment.Y1;
            _blocks[at + 3 * Lanes] = segment.F1;
        }
        _blockCount = blocks;
        _targetBound = bound;
        _packedStep = step;
        return true;
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
            for (int b = 0; b < _blockCount; b++)
            {
                ref double x = ref Unsafe.Add(ref block, b * BlockLength);
                var v = c0 * Vector256.LoadUnsafe(ref x) + c1 * Vector256.LoadUnsafe(ref x, Lanes) + c2 * Vector256.LoadUnsafe(ref x, 2 * Lanes)
                    + c3 * Vector256.LoadUnsafe(ref x, 3 * Lanes);
                // Kept where positive or NaN (all bits), +0 elsewhere: the scalar clamp's values.
                v &= Vector256.GreaterThan(v, Vector256<double>.Zero) | ~Vector256.Equals(v, v);
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
}

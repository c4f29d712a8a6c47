using System.Runtime.CompilerServices;
using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// Composition–rejection selection (Slepoy, Thompson and Plimpton, J Chem Phys 2008): transitions
/// are grouped by the binary exponent of their propensity, so group g holds aⱼ ∈ [2ᵍ, 2ᵍ⁺¹).
/// A group is chosen by a linear search over the few non-empty groups (composition), then a
/// member uniformly, accepted with probability aⱼ/2ᵍ⁺¹ ≥ ½ (rejection). Updates move a
/// transition between groups in O(1); a member may lag one group above its own (acceptance ≥ ¼)
/// so that propensities fluctuating around a power of two do not move at every firing. The cost per firing depends on the spread of propensities
/// (number of groups), not on the number of transitions.
/// </summary>
internal struct CompositionRejectionSelector : IPropensitySelector
{
    private const int GroupCount = 2048; // one per IEEE-754 biased exponent

    private static readonly double[] UpperBound = MakeUpperBounds();

    private double[] _a;
    private int[] _groupOf;       // group of each transition, −1 when its propensity is 0
    private int[] _slot;          // position of each transition in its group's member list
    private int[][] _members;     // members per group (allocated on first use)
    private int[] _memberCount;
    private double[] _groupSum;
    private int[] _active;        // non-empty groups
    private int[] _activeSlot;    // position of each group in _active, −1 if empty
    private int _activeCount;
    private double _total;

    public void Initialize(double[] propensities)
    {
        _a = propensities;
        int t = propensities.Length;
        _groupOf = new int[t];
        _slot = new int[t];
        _members = new int[GroupCount][];
        _memberCount = new int[GroupCount];
        _groupSum = new double[GroupCount];
        _active = new int[GroupCount];
        _activeSlot = new int[GroupCount];
        Array.Fill(_activeSlot, -1);
        Array.Fill(_groupOf, -1);
    }

    public void Rebuild()
    {
        for (int k = 0; k < _activeCount; k++)
        {
            int g = _active[k];
            _memberCount[g] = 0;
            _groupSum[g] = 0;
            _activeSlot[g] = -1;
        }
        _activeCount = 0;
        for (int j = 0; j < _a.Length; j++)
        {
            _groupOf[j] = -1;
            if (_a[j] > 0) Insert(j, GroupOf(_a[j]));
        }
        double total = 0;
        for (int k = 0; k < _activeCount; k++)
        {
            int g = _active[k];
            double sum = 0;
            int[] members = _members[g];
            for (int m = 0; m < _memberCount[g]; m++) sum += _a[members[m]];
            _groupSum[g] = sum;
            total += sum;
        }
        _total = total;
    }

    public readonly double Total => _total;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(int transition, double oldValue, double newValue)
    {
        int oldGroup = _groupOf[transition];
        int newGroup = newValue > 0 ? GroupOf(newValue) : -1;
        // Hysteresis: a member may stay one group above its own (acceptance still ≥ ¼), so a
        // propensity that hovers around a power of two does not move at every firing. It must
        // move up as soon as it reaches its group's upper bound, or the rejection step would be wrong.
        if (newGroup == oldGroup - 1 && newGroup >= 0) newGroup = oldGroup;
        if (oldGroup == newGroup)
        {
            if (oldGroup >= 0) _groupSum[oldGroup] += newValue - oldValue;
        }
        else
        {
            if (oldGroup >= 0) Remove(transition, oldGroup, oldValue);
            if (newGroup >= 0)
            {
                Insert(transition, newGroup);
                _groupSum[newGroup] += newValue;
            }
        }
        _total += newValue - oldValue;
    }

    public int Select(RandomStream random)
    {
        // Composition: the group, by a linear search over the non-empty groups.
        double target = random.NextUniform() * _total;
        double sum = 0;
        int group = -1;
        for (int k = 0; k < _activeCount; k++)
        {
            int g = _active[k];
            sum += _groupSum[g];
            if (target <= sum)
            {
                group = g;
                if (k > 0)
                {
                    // Move the chosen group one place forward (as the sorting direct method does
                    // for transitions), so the heaviest groups are found first.
                    int previous = _active[k - 1];
                    _active[k - 1] = g;
                    _active[k] = previous;
                    _activeSlot[g] = k - 1;
                    _activeSlot[previous] = k;
                }
                break;
            }
        }
        if (group < 0)
        {
            // Round-off in the incremental sums; the last group is the honest fallback only if
            // the shortfall is tiny, otherwise report failure so the caller rebuilds.
            if (_activeCount == 0 || target > sum * (1 + 1e-9)) return -1;
            group = _active[_activeCount - 1];
        }

        // Rejection: a uniform member, accepted with probability aⱼ / 2^(g+1); one uniform
        // gives both the member (integer part) and the acceptance test (fractional part).
        int count = _memberCount[group];
        int[] members = _members[group];
        double bound = UpperBound[group];
        while (true)
        {
            double r = random.NextDouble() * count;
            int m = (int)r;
            int j = members[m];
            if ((r - m) * bound < _a[j]) return j;
        }
    }

    /// <summary>The group of a positive finite propensity: its IEEE-754 biased exponent.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int GroupOf(double value) => (int)((BitConverter.DoubleToUInt64Bits(value) >> 52) & 0x7FF);

    private void Insert(int transition, int group)
    {
        int[]? members = _members[group];
        if (members is null) _members[group] = members = new int[_a.Length];
        int slot = _memberCount[group]++;
        members[slot] = transition;
        _slot[transition] = slot;
        _groupOf[transition] = group;
        if (_activeSlot[group] < 0)
        {
            _activeSlot[group] = _activeCount;
            _active[_activeCount++] = group;
        }
    }

    private void Remove(int transition, int group, double oldValue)
    {
        int[] members = _members[group];
        int slot = _slot[transition];
        int last = --_memberCount[group];
        int moved = members[last];
        members[slot] = moved;
        _slot[moved] = slot;
        _groupOf[transition] = -1;
        if (last == 0)
        {
            // Empty group: drop it from the active list and zero its sum exactly (no residue).
            _groupSum[group] = 0;
            int a = _activeSlot[group];
            int lastGroup = _active[--_activeCount];
            _active[a] = lastGroup;
            _activeSlot[lastGroup] = a;
            _activeSlot[group] = -1;
        }
        else
        {
            _groupSum[group] -= oldValue;
        }
    }

    private static double[] MakeUpperBounds()
    {
        // Group e (biased exponent) holds values in [2^(e−1023), 2^(e−1022)); subnormals (e = 0)
        // lie below 2^−1022. The bound of the top group would be 2^1024 = ∞; propensities that
        // large are rejected as infinite long before.
        var bounds = new double[GroupCount];
        for (int e = 0; e < GroupCount - 2; e++) bounds[e] = BitConverter.UInt64BitsToDouble((ulong)(e + 1) << 52);
        bounds[GroupCount - 2] = double.MaxValue;
        bounds[GroupCount - 1] = double.MaxValue;
        return bounds;
    }
}

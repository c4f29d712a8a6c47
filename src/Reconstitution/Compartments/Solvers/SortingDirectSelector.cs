using Reconstitution.Randomness;

namespace Reconstitution.Compartments.Solvers;

/// <summary>
/// The sorting direct method (McCollum et al., Comput Biol Chem 2006): the direct method's
/// linear search over a permutation in which a transition moves one place forward each time it
/// fires, so frequent transitions end up near the front and the expected search is short when
/// firing frequencies are skewed.
/// </summary>
internal struct SortingDirectSelector : IPropensitySelector
{
    private double[] _a;
    private int[] _order;
    private double _total;

    public void Initialize(double[] propensities)
    {
        _a = propensities;
        _order = new int[propensities.Length];
        for (int j = 0; j < _order.Length; j++) _order[j] = j;
    }

    public void Rebuild()
    {
        double sum = 0;
        foreach (double a in _a) sum += a;
        _total = sum;
    }

    public readonly double Total => _total;

    public void Update(int transition, double oldValue, double newValue) => _total += newValue - oldValue;

    public readonly int Select(RandomStream random)
    {
        double target = random.NextUniform() * _total;
        double[] a = _a;
        int[] order = _order;
        double sum = 0;
        for (int p = 0; p < order.Length; p++)
        {
            int j = order[p];
            sum += a[j];
            if (target <= sum && a[j] > 0)
            {
                if (p > 0)
                {
                    order[p] = order[p - 1];
                    order[p - 1] = j;
                }
                return j;
            }
        }
        return -1;
    }
}

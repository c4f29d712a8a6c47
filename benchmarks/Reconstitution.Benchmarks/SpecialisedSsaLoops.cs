using Reconstitution.Randomness;

namespace Reconstitution.Benchmarks;

/// <summary>
/// Hand-specialised Gillespie direct-method loops for networks A and B of <see cref="ExactSsaNetworks"/>: the same
/// generator (<see cref="RandomStream"/>), the same Exp(1) sampler (<see cref="ExponentialZiggurat"/>), the same seed
/// and the same order of draws as the generic engine, but every propensity, selection and count update written out
/// for the one network, with no arrays, no dependency graph and no abstraction. The limit a generic engine can
/// approach: the benchmarks report the generic engine's time relative to these loops.
/// </summary>
internal static class SpecialisedSsaLoops
{
    /// <summary>A: 0 → X at k = 1000/day, X → 0 at d = 1/day, from X = 1000, for <paramref name="days"/>.</summary>
    /// <returns>The number of firings.</returns>
    public static long ImmigrationDeath(double days, ulong seed)
    {
        var random = RandomStream.Create(seed);
        const double k = 1000, d = 1;
        double x = 1000, t = 0;
        long firings = 0;
        double remaining = ExponentialZiggurat.Next(random);
        while (true)
        {
            double total = k + d * x;
            double dt = remaining / total;
            if (dt > days - t) break;
            t += dt;
            if (random.NextUniform() * total <= k) x += 1;
            else x -= 1;
            firings++;
            remaining = ExponentialZiggurat.Next(random);
        }
        return firings;
    }

    /// <summary>B: the stem-cell chain HSC → P1 → P2 → P3 → Mature → ∅ with Hill-repressed HSC renewal, for <paramref name="days"/>.</summary>
    /// <returns>The number of firings.</returns>
    public static long StemCellChain(double days, ulong seed)
    {
        var random = RandomStream.Create(seed);
        const double renewal = 2, niche = 1000, hscDifferentiation = 0.5, hscDeath = 0.5;
        const double division = 1, progenitorDeath = 0.1, matureDeath = 0.5;
        double hsc = 1000, p1 = 500, p2 = 900, p3 = 1650, mature = 6000, t = 0;
        long firings = 0;
        double remaining = ExponentialZiggurat.Next(random);
        while (true)
        {
            // Propensities in the network's transition order (the selection walks the same cumulative sum).
            double a0 = renewal * hsc * (1 / (1 + hsc / niche));
            double a1 = hscDifferentiation * hsc, a2 = hscDeath * hsc;
            double a3 = division * p1, a4 = progenitorDeath * p1;
            double a5 = division * p2, a6 = progenitorDeath * p2;
            double a7 = division * p3, a8 = progenitorDeath * p3;
            double a9 = matureDeath * mature;
            double total = a0 + a1 + a2 + a3 + a4 + a5 + a6 + a7 + a8 + a9;
            double dt = remaining / total;
            if (dt > days - t) break;
            t += dt;
            double u = random.NextUniform() * total;
            double s = a0;
            if (u <= s) hsc += 1;
            else if (u <= (s += a1)) { hsc -= 1; p1 += 1; }
            else if (u <= (s += a2)) hsc -= 1;
            else if (u <= (s += a3)) { p1 -= 1; p2 += 2; }
            else if (u <= (s += a4)) p1 -= 1;
            else if (u <= (s += a5)) { p2 -= 1; p3 += 2; }
            else if (u <= (s += a6)) p2 -= 1;
            else if (u <= (s += a7)) { p3 -= 1; mature += 2; }
            else if (u <= s + a8) p3 -= 1;
            else mature -= 1;
            firings++;
            remaining = ExponentialZiggurat.Next(random);
        }
        return firings;
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Reconstitution.Randomness;

/// <summary>
/// Unit-rate exponential variates by the ziggurat method (Marsaglia and Tsang, J Stat Softw 2000,
/// "The Ziggurat Method for Generating Random Variables"), with 256 layers of equal area.
/// </summary>
/// <remarks>
/// <para>About 99% of draws cost one 64-bit number, a table look-up, a compare and a multiply; the
/// rest fall in a wedge (accepted by comparing with e^(−x)) or the tail beyond r, which is exactly
/// r + Exp(1) by memorylessness. The method is exact, not an approximation. It replaces
/// −ln(U), whose logarithm dominated the cost of an SSA step.</para>
/// <para>Unlike Marsaglia and Tsang's 32-bit code, the layer index (low 8 bits) and the abscissa
/// (high 53 bits) come from disjoint bits of one 64-bit draw, so they are independent.</para>
/// <para>Thread-safe (the tables are immutable); the state is in the <see cref="RandomStream"/>.</para>
/// </remarks>
internal static class ExponentialZiggurat
{
    private const int Layers = 256;
    private const double R = 7.69711747013104972;          // right edge of the base layer (Marsaglia–Tsang, N = 256)
    private const double V = 0.0039496598225815571993;     // area of each layer
    private const double TwoTo53 = 9007199254740992.0;

    private static readonly ulong[] Threshold = new ulong[Layers];  // 2⁵³·x[i+1]/x[i]: below it the point is surely under the curve
    private static readonly double[] Scale = new double[Layers];    // x[i]/2⁵³
    private static readonly double[] Density = new double[Layers + 1]; // e^(−x[i])

    static ExponentialZiggurat()
    {
        // Layer edges x[0] > x[1] = R > … > x[256] = 0; layer 0 is the base strip plus the tail,
        // with virtual width x[0] = V / e^(−R) so that every layer has area V.
        var x = new double[Layers + 1];
        x[0] = V / Math.Exp(-R);
        x[1] = R;
        for (int i = 1; i < Layers - 1; i++) x[i + 1] = -Math.Log(Math.Exp(-x[i]) + V / x[i]);
        x[Layers] = 0;
        for (int i = 0; i < Layers; i++)
        {
            Threshold[i] = (ulong)(TwoTo53 * (x[i + 1] / x[i]));
            Scale[i] = x[i] / TwoTo53;
        }
        for (int i = 0; i <= Layers; i++) Density[i] = Math.Exp(-x[i]);
    }

    /// <summary>Draws an Exp(1) variate (mean 1) from <paramref name="random"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double Next(RandomStream random)
    {
        ulong bits = random.NextUInt64();
        int layer = (int)(bits & (Layers - 1));
        ulong j = bits >> 11;
        // The layer is < 256 by the mask, so the tables are read without bounds checks; j < 2⁵³ converts exactly via long.
        if (j < Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Threshold), layer))
            return (long)j * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Scale), layer);
        return Slow(random, layer, j);
    }

    /// <summary>
    /// The common case of <see cref="Next"/> without its call to the slow path, for loops that must not contain calls:
    /// false (with the 64 bits drawn) when the draw needs the slow path, which <see cref="Finish"/> then completes.
    /// Draws from a local copy of a stream's state (<see cref="RandomStream.SaveState"/>), which the caller restores to
    /// the stream before <see cref="Finish"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryNextFast(ref XoshiroState random, out double value, out ulong bits)
    {
        bits = random.NextUInt64();
        int layer = (int)(bits & (Layers - 1));
        ulong j = bits >> 11;
        value = (long)j * Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Scale), layer);
        return j < Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(Threshold), layer);
    }

    /// <summary>Completes a draw that <see cref="TryNextFast"/> could not, from the same 64 bits.</summary>
    public static double Finish(RandomStream random, ulong bits) => Slow(random, (int)(bits & (Layers - 1)), bits >> 11);

    private static double Slow(RandomStream random, int layer, ulong j)
    {
        while (true)
        {
            if (layer == 0) return R - Math.Log(random.NextUniform()); // the tail beyond R
            double x = j * Scale[layer];
            // Wedge: a uniform height between the layer's bottom e^(−x[layer]) and top e^(−x[layer+1]).
            double y = Density[layer] + random.NextDouble() * (Density[layer + 1] - Density[layer]);
            if (y < Math.Exp(-x)) return x;
            ulong bits = random.NextUInt64();
            layer = (int)(bits & (Layers - 1));
            j = bits >> 11;
            if (j < Threshold[layer]) return j * Scale[layer];
        }
    }
}

using Reconstitution.Validation;

namespace Reconstitution.Physiology;

/// <summary>
/// Peripheral naive, memory and regulatory T cells: set points, lifespans and IL-7-like homeostasis. Immutable and thread-safe.
/// </summary>
/// <remarks>
/// Half-lives of naive and memory CD4 and CD8 T cells from Vrisekoop et al. (PNAS 2008). Homeostatic
/// proliferation rises in lymphopenia (IL-7 rises as CD4 falls; Fry et al., Blood 2001), fastest for
/// memory CD8 (Mackall et al., Blood 1997). Naive and memory cells and the two lineages share the
/// signal only partly (weights below). Treg proliferation tracks conventional CD4 (IL-2-like).
/// docs/model.md §4.9.
/// Every value is checked when set: an out-of-range value throws <see cref="ArgumentOutOfRangeException"/>
/// naming the property, its value and the allowed range.
/// </remarks>
public sealed record TCellParameters
{
    private readonly double naiveCd4SetPointPerMicroliter = 400.0;
    private readonly double memoryCd4SetPointPerMicroliter = 350.0;
    private readonly double tregSetPointPerMicroliter = 40.0;
    private readonly double naiveCd8SetPointPerMicroliter = 200.0;
    private readonly double memoryCd8SetPointPerMicroliter = 250.0;
    private readonly double naiveCd4HalfLifeYears = 4.2;
    private readonly double naiveCd8HalfLifeYears = 6.5;
    private readonly double memoryCd4HalfLifeYears = 0.4;
    private readonly double memoryCd8HalfLifeYears = 0.7;
    private readonly double naiveConversionShare = 0.3333333333333333;
    private readonly double tregDeathPerDay = 0.02;
    private readonly double il7Hill = 2.0;
    private readonly double naiveGainMax = 10.0;
    private readonly double memoryCd4GainMax = 3.5;
    private readonly double memoryCd8GainMax = 25.0;
    private readonly double tregGainMax = 10.0;
    private readonly double naiveMemoryNicheWeight = 0.2;
    private readonly double lineageNicheWeight = 0.3;

    /// <summary>Healthy naive CD4 count.</summary>
    /// <value>Default 400 cells/µL; allowed [1.0, 5000.0].</value>
    public double NaiveCd4SetPointPerMicroliter
    {
        get => naiveCd4SetPointPerMicroliter;
        init => naiveCd4SetPointPerMicroliter = Guard.InRange(value, 1.0, 5000.0, nameof(NaiveCd4SetPointPerMicroliter), "cells/µL");
    }

    /// <summary>Healthy memory CD4 count.</summary>
    /// <value>Default 350 cells/µL; allowed [1.0, 5000.0].</value>
    public double MemoryCd4SetPointPerMicroliter
    {
        get => memoryCd4SetPointPerMicroliter;
        init => memoryCd4SetPointPerMicroliter = Guard.InRange(value, 1.0, 5000.0, nameof(MemoryCd4SetPointPerMicroliter), "cells/µL");
    }

    /// <summary>Healthy Treg count (about 5 % of CD4).</summary>
    /// <value>Default 40 cells/µL; allowed [0.1, 1000.0].</value>
    public double TregSetPointPerMicroliter
    {
        get => tregSetPointPerMicroliter;
        init => tregSetPointPerMicroliter = Guard.InRange(value, 0.1, 1000.0, nameof(TregSetPointPerMicroliter), "cells/µL");
    }

    /// <summary>Healthy naive CD8 count.</summary>
    /// <value>Default 200 cells/µL; allowed [1.0, 5000.0].</value>
    public double NaiveCd8SetPointPerMicroliter
    {
        get => naiveCd8SetPointPerMicroliter;
        init => naiveCd8SetPointPerMicroliter = Guard.InRange(value, 1.0, 5000.0, nameof(NaiveCd8SetPointPerMicroliter), "cells/µL");
    }

    /// <summary>Healthy memory CD8 count.</summary>
    /// <value>Default 250 cells/µL; allowed [1.0, 5000.0].</value>
    public double MemoryCd8SetPointPerMicroliter
    {
        get => memoryCd8SetPointPerMicroliter;
        init => memoryCd8SetPointPerMicroliter = Guard.InRange(value, 1.0, 5000.0, nameof(MemoryCd8SetPointPerMicroliter), "cells/µL");
    }

    /// <summary>Naive CD4 half-life (Vrisekoop 2008).</summary>
    /// <value>Default 4.2 years; allowed [0.01, 50.0].</value>
    public double NaiveCd4HalfLifeYears
    {
        get => naiveCd4HalfLifeYears;
        init => naiveCd4HalfLifeYears = Guard.InRange(value, 0.01, 50.0, nameof(NaiveCd4HalfLifeYears), "years");
    }

    /// <summary>Naive CD8 half-life (Vrisekoop 2008).</summary>
    /// <value>Default 6.5 years; allowed [0.01, 50.0].</value>
    public double NaiveCd8HalfLifeYears
    {
        get => naiveCd8HalfLifeYears;
        init => naiveCd8HalfLifeYears = Guard.InRange(value, 0.01, 50.0, nameof(NaiveCd8HalfLifeYears), "years");
    }

    /// <summary>Memory CD4 half-life (Vrisekoop 2008).</summary>
    /// <value>Default 0.4 years; allowed [0.001, 20.0].</value>
    public double MemoryCd4HalfLifeYears
    {
        get => memoryCd4HalfLifeYears;
        init => memoryCd4HalfLifeYears = Guard.InRange(value, 0.001, 20.0, nameof(MemoryCd4HalfLifeYears), "years");
    }

    /// <summary>Memory CD8 half-life (Vrisekoop 2008).</summary>
    /// <value>Default 0.7 years; allowed [0.001, 20.0].</value>
    public double MemoryCd8HalfLifeYears
    {
        get => memoryCd8HalfLifeYears;
        init => memoryCd8HalfLifeYears = Guard.InRange(value, 0.001, 20.0, nameof(MemoryCd8HalfLifeYears), "years");
    }

    /// <summary>Share of naive-cell loss that is conversion to memory. Assumption, range 0.2–0.5.</summary>
    /// <value>Default 0.3333; allowed [0.0, 0.99].</value>
    public double NaiveConversionShare
    {
        get => naiveConversionShare;
        init => naiveConversionShare = Guard.InRange(value, 0.0, 0.99, nameof(NaiveConversionShare), "");
    }

    /// <summary>Treg death rate. Assumption, range 0.005–0.05.</summary>
    /// <value>Default 0.02 per day; allowed [0.0001, 1.0].</value>
    public double TregDeathPerDay
    {
        get => tregDeathPerDay;
        init => tregDeathPerDay = Guard.InRange(value, 0.0001, 1.0, nameof(TregDeathPerDay), "per day");
    }

    /// <summary>Hill coefficient of the homeostatic gains.</summary>
    /// <value>Default 2; allowed [0.5, 10.0].</value>
    public double Il7Hill
    {
        get => il7Hill;
        init => il7Hill = Guard.InRange(value, 0.5, 10.0, nameof(Il7Hill), "");
    }

    /// <summary>Largest homeostatic gain of naive CD4 and CD8 proliferation. Assumption.</summary>
    /// <value>Default 10; allowed [1.0, 100.0].</value>
    public double NaiveGainMax
    {
        get => naiveGainMax;
        init => naiveGainMax = Guard.InRange(value, 1.0, 100.0, nameof(NaiveGainMax), "");
    }

    /// <summary>Largest homeostatic gain of memory CD4 proliferation. Assumption.</summary>
    /// <value>Default 3.5; allowed [1.0, 100.0].</value>
    public double MemoryCd4GainMax
    {
        get => memoryCd4GainMax;
        init => memoryCd4GainMax = Guard.InRange(value, 1.0, 100.0, nameof(MemoryCd4GainMax), "");
    }

    /// <summary>Largest homeostatic gain of memory CD8 proliferation. Assumption.</summary>
    /// <value>Default 25; allowed [1.0, 100.0].</value>
    public double MemoryCd8GainMax
    {
        get => memoryCd8GainMax;
        init => memoryCd8GainMax = Guard.InRange(value, 1.0, 100.0, nameof(MemoryCd8GainMax), "");
    }

    /// <summary>Largest IL-2-like gain of Treg proliferation. Assumption.</summary>
    /// <value>Default 10; allowed [1.0, 100.0].</value>
    public double TregGainMax
    {
        get => tregGainMax;
        init => tregGainMax = Guard.InRange(value, 1.0, 100.0, nameof(TregGainMax), "");
    }

    /// <summary>Weight of memory cells in the naive homeostatic signal and vice versa. Assumption.</summary>
    /// <value>Default 0.2; allowed [0.0, 1.0].</value>
    public double NaiveMemoryNicheWeight
    {
        get => naiveMemoryNicheWeight;
        init => naiveMemoryNicheWeight = Guard.InRange(value, 0.0, 1.0, nameof(NaiveMemoryNicheWeight), "");
    }

    /// <summary>Weight of CD8 cells in the CD4 homeostatic signal and vice versa. Assumption.</summary>
    /// <value>Default 0.3; allowed [0.0, 1.0].</value>
    public double LineageNicheWeight
    {
        get => lineageNicheWeight;
        init => lineageNicheWeight = Guard.InRange(value, 0.0, 1.0, nameof(LineageNicheWeight), "");
    }
}

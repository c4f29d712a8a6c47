using Reconstitution.Cohorts;
using Reconstitution.Outcomes;
using Reconstitution.Protocols;
using Reconstitution.Validation;

namespace Reconstitution.TransplantUnit;

/// <summary>
/// A transplant unit to simulate: the protocols its patients receive, its isolation beds and apheresis slots, how
/// patients arrive, the pathway's fixed delays, the discharge rule and the patient model's options. Immutable.
/// </summary>
/// <remarks>
/// <para>
/// The pathway (docs/transplant-unit.md): a patient is referred (arrives); a patient receiving an autologous graft is
/// mobilised (<see cref="MobilisationDays"/>), waits for an apheresis slot and is collected (<see cref="ApheresisDays"/>),
/// then waits <see cref="CollectionToAdmissionDays"/> (cryopreservation, work-up); a patient receiving a donor graft
/// waits <see cref="DonorWorkupDays"/> (donor or cord unit procurement, work-up). Then the patient waits for an
/// isolation bed, is admitted the day before conditioning starts, is conditioned and transplanted, and leaves by the
/// <see cref="Discharge"/> rule applied to the simulated readouts. An infection that begins after discharge brings the
/// patient back for <see cref="ReadmissionDays"/> (readmissions are served before elective admissions). A patient who
/// waits longer than <see cref="MaxBedWaitDays"/> for a bed is turned away (referred elsewhere).
/// </para>
/// <para>Validate with <see cref="Validate"/> (done by <see cref="UnitSimulation.Run"/>); messages name the property and value.</para>
/// </remarks>
public sealed record UnitSpecification
{
    /// <summary>Days per month (365.25 / 12), to convert arrivals per month and months to days.</summary>
    public const double DaysPerMonth = 365.25 / 12;

    /// <summary>Creates a specification in which every patient receives <paramref name="protocol"/>.</summary>
    /// <param name="protocol">The protocol.</param>
    /// <exception cref="ArgumentNullException"><paramref name="protocol"/> is null.</exception>
    public UnitSpecification(IProtocol protocol)
    {
        ArgumentNullException.ThrowIfNull(protocol);
        Protocols = [protocol];
    }

    /// <summary>The protocols patients receive; patient i draws one with probabilities <see cref="ProtocolShares"/>.</summary>
    public IReadOnlyList<IProtocol> Protocols { get; init; }

    /// <summary>The relative share of each protocol (same length as <see cref="Protocols"/>, each ≥ 0, not all 0); null for equal shares.</summary>
    public IReadOnlyList<double>? ProtocolShares { get; init; }

    /// <summary>Isolation beds.</summary>
    /// <value>Default 10; allowed [1, 10000].</value>
    public int Beds { get; init; } = 10;

    /// <summary>Apheresis slots (collections that can run at once).</summary>
    /// <value>Default 1; allowed [1, 1000].</value>
    public int ApheresisSlots { get; init; } = 1;

    /// <summary>Mean referrals per month (a Poisson process), unless <see cref="ArrivalDays"/> is given.</summary>
    /// <value>Default 4; allowed (0, 10000].</value>
    public double ArrivalsPerMonth { get; init; } = 4;

    /// <summary>A schedule of referral days (from 0, in any order) instead of Poisson arrivals; null for Poisson.</summary>
    public IReadOnlyList<double>? ArrivalDays { get; init; }

    /// <summary>Months during which patients are referred (Poisson arrivals fall in [0, Months·<see cref="DaysPerMonth"/>)).</summary>
    /// <value>Default 24; allowed (0, 1200].</value>
    public double Months { get; init; } = 24;

    /// <summary>Months at the start left out of the occupancy summary (the unit starts empty).</summary>
    /// <value>Default 3; allowed [0, <see cref="Months"/>).</value>
    public double WarmupMonths { get; init; } = 3;

    /// <summary>Days from referral to apheresis for an autologous graft (mobilisation with G-CSF, with or without cyclophosphamide).</summary>
    /// <value>Default 10; allowed [0, 365].</value>
    public double MobilisationDays { get; init; } = 10;

    /// <summary>Days an apheresis slot is held per patient (one or two collections).</summary>
    /// <value>Default 2; allowed (0, 30].</value>
    public double ApheresisDays { get; init; } = 2;

    /// <summary>Days from collection to the admission request (cryopreservation, pre-transplant work-up).</summary>
    /// <value>Default 14; allowed [0, 365].</value>
    public double CollectionToAdmissionDays { get; init; } = 14;

    /// <summary>Days from referral to the admission request for a donor graft (donor or cord unit procurement, work-up).</summary>
    /// <value>Default 30; allowed [0, 730].</value>
    public double DonorWorkupDays { get; init; } = 30;

    /// <summary>The longest a patient waits for a bed before being turned away; +∞ never turns anyone away.</summary>
    /// <value>Default 60; allowed [0, +∞].</value>
    public double MaxBedWaitDays { get; init; } = 60;

    /// <summary>Days a readmission (an infection after discharge) occupies a bed.</summary>
    /// <value>Default 7; allowed (0, 365].</value>
    public double ReadmissionDays { get; init; } = 7;

    /// <summary>When a patient may leave the bed.</summary>
    public DischargeRule Discharge { get; init; } = DischargeRule.Default;

    /// <summary>The patients' covariates.</summary>
    public CovariateDistribution Covariates { get; init; } = CovariateDistribution.Default;

    /// <summary>The patient model's options; their <c>Days</c> is how long after infusion each course (and so readmission) is simulated.</summary>
    /// <value>Default: the patient defaults with 100 days.</value>
    public PatientSimulationOptions PatientOptions { get; init; } = new() { Days = 100 };

    /// <summary>The random seed; same seed, same unit on any thread count.</summary>
    /// <value>Default 1.</value>
    public ulong Seed { get; init; } = 1;

    /// <summary>Threads simulating the patients' courses (the unit itself runs on one).</summary>
    /// <value>Default: the number of cores; allowed [1, 1024].</value>
    public int Threads { get; init; } = Math.Min(Environment.ProcessorCount, 1024);

    /// <summary>The day the referrals end: Months·<see cref="DaysPerMonth"/>.</summary>
    public double HorizonDays => Months * DaysPerMonth;

    /// <summary>Checks every field.</summary>
    /// <exception cref="ArgumentException">A field is out of range; the message names it, its value and the allowed range.</exception>
    public void Validate()
    {
        if (Protocols is null || Protocols.Count == 0 || Protocols.Any(p => p is null))
            throw new ArgumentException("Parameter 'Protocols' must list at least one protocol and no null.", nameof(Protocols));
        if (ProtocolShares is { } shares)
        {
            if (shares.Count != Protocols.Count)
                throw new ArgumentException($"Parameter 'ProtocolShares' has {shares.Count} values for {Protocols.Count} protocols; give one share per protocol.", nameof(ProtocolShares));
            foreach (double s in shares) Guard.NonNegative(s, nameof(ProtocolShares));
            if (shares.Sum() <= 0) throw new ArgumentException("Parameter 'ProtocolShares' are all 0; at least one must be positive.", nameof(ProtocolShares));
        }

        Guard.InRange(Beds, 1, 10_000, nameof(Beds));
        Guard.InRange(ApheresisSlots, 1, 1000, nameof(ApheresisSlots));
        Guard.PositiveAtMost(ArrivalsPerMonth, 10_000, nameof(ArrivalsPerMonth), "per month");
        Guard.PositiveAtMost(Months, 1200, nameof(Months), "months");
        if (!(WarmupMonths >= 0 && WarmupMonths < Months))
            throw Guard.OutOfRange(nameof(WarmupMonths), WarmupMonths, $"[0, {Months.ToString(System.Globalization.CultureInfo.InvariantCulture)}) (less than Months)", "months");
        if (ArrivalDays is { } days)
        {
            if (days.Count == 0) throw new ArgumentException("Parameter 'ArrivalDays' is empty; give at least one day, or null for Poisson arrivals.", nameof(ArrivalDays));
            foreach (double d in days) Guard.InRange(d, 0, HorizonDays, nameof(ArrivalDays), "days");
        }

        Guard.InRange(MobilisationDays, 0, 365, nameof(MobilisationDays), "days");
        Guard.PositiveAtMost(ApheresisDays, 30, nameof(ApheresisDays), "days");
        Guard.InRange(CollectionToAdmissionDays, 0, 365, nameof(CollectionToAdmissionDays), "days");
        Guard.InRange(DonorWorkupDays, 0, 730, nameof(DonorWorkupDays), "days");
        if (!(MaxBedWaitDays >= 0)) throw Guard.OutOfRange(nameof(MaxBedWaitDays), MaxBedWaitDays, "[0, +∞]", "days");
        Guard.PositiveAtMost(ReadmissionDays, 365, nameof(ReadmissionDays), "days");
        ArgumentNullException.ThrowIfNull(Discharge, nameof(Discharge));
        ArgumentNullException.ThrowIfNull(Covariates, nameof(Covariates));
        ArgumentNullException.ThrowIfNull(PatientOptions, nameof(PatientOptions));
        Covariates.Validate();
        Guard.InRange(Threads, 1, 1024, nameof(Threads));
    }
}

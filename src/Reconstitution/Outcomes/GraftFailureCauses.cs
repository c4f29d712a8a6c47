namespace Reconstitution.Outcomes;

/// <summary>The values of <see cref="PatientOutcome.GraftFailureCause"/> (and of the <c>graftFailureCause</c> column of patients.csv).</summary>
/// <remarks>Compare a patient's cause with these constants rather than with string literals.</remarks>
public static class GraftFailureCauses
{
    /// <summary>The donor's cells were lost: a rejection was observed, or the donor share was below the criterion on the failure day
    /// (including autologous reconstitution; <see cref="GraftFailureCriteria"/>).</summary>
    public const string Rejection = "rejection";

    /// <summary>The donor's cells were there (or the graft was autologous) but the neutrophils had not engrafted by the failure day.</summary>
    public const string PoorGraftFunction = "poorGraftFunction";
}

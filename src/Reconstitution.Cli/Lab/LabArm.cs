using Reconstitution.Cohorts;
using Reconstitution.Protocols;

namespace Reconstitution.Cli.Lab;

/// <summary>One protocol of a lab run and its cohort: the whole run has one arm, a comparison two (A and B, same patients).</summary>
/// <param name="Label">"A" or "B" in a comparison, empty for a single run; prefixes the file names ("a-patients.csv").</param>
/// <param name="Definition">The protocol as edited, written out as protocol.json.</param>
/// <param name="Specification">The cohort.</param>
internal sealed record LabArm(string Label, ProtocolDefinition Definition, CohortSpecification Specification)
{
    /// <summary>The file-name prefix: "a-", "b-" or none.</summary>
    public string Prefix => Label.Length == 0 ? "" : Label.ToLowerInvariant() + "-";
}

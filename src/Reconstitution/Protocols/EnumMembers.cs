using Reconstitution.Physiology;

namespace Reconstitution.Protocols;

/// <summary>
/// The members of the enumerations that the protocols' start-up code iterates and checks, written out from each one's first
/// and last member (every one numbers its members 0, 1, … in declaration order, with no gaps), instead of
/// <c>Enum.GetValues&lt;T&gt;</c> and <c>Enum.IsDefined&lt;T&gt;</c>.
/// </summary>
/// <remarks>
/// Those are the framework's generic methods instantiated over the library's enumerations, which no ReadyToRun image holds:
/// every process JIT-compiled them, one instantiation per enumeration (issue 15; benchmarks/results/cohort.md, session 16).
/// A test compares every member list and range check here with <c>Enum.GetValues</c> and <c>Enum.IsDefined</c>, so an
/// enumeration that gains a member, or a gap, fails it.
/// </remarks>
internal static class EnumMembers
{
    /// <summary>How many kill groups there are.</summary>
    public const int KillGroupCount = (int)KillGroup.PlasmaCells + 1;

    /// <summary>How many organs there are.</summary>
    public const int OrganCount = (int)Organ.Mucosa + 1;

    /// <summary>How many built-in agents there are.</summary>
    public const int AgentCount = (int)ConditioningAgent.Methotrexate + 1;

    /// <summary>Every kill group, in order (a new array).</summary>
    public static KillGroup[] KillGroups()
    {
        var values = new KillGroup[KillGroupCount];
        for (int i = 0; i < values.Length; i++) values[i] = (KillGroup)i;
        return values;
    }

    /// <summary>Every organ, in order (a new array).</summary>
    public static Organ[] Organs()
    {
        var values = new Organ[OrganCount];
        for (int i = 0; i < values.Length; i++) values[i] = (Organ)i;
        return values;
    }

    /// <summary>Every built-in agent, in order (a new array).</summary>
    public static ConditioningAgent[] Agents()
    {
        var values = new ConditioningAgent[AgentCount];
        for (int i = 0; i < values.Length; i++) values[i] = (ConditioningAgent)i;
        return values;
    }

    /// <summary>Whether <paramref name="group"/> is a member.</summary>
    public static bool IsDefined(KillGroup group) => (uint)group < KillGroupCount;

    /// <summary>Whether <paramref name="organ"/> is a member.</summary>
    public static bool IsDefined(Organ organ) => (uint)organ < OrganCount;

    /// <summary>Whether <paramref name="agent"/> is a member.</summary>
    public static bool IsDefined(ConditioningAgent agent) => (uint)agent < AgentCount;

    /// <summary>Whether <paramref name="source"/> is a member.</summary>
    public static bool IsDefined(GraftSource source) => (uint)source <= (uint)GraftSource.DoubleCord;

    /// <summary>Whether <paramref name="donor"/> is a member.</summary>
    public static bool IsDefined(DonorType donor) => (uint)donor <= (uint)DonorType.Mismatched;

    /// <summary>Whether <paramref name="disease"/> is a member.</summary>
    public static bool IsDefined(AutoimmuneDisease disease) => (uint)disease <= (uint)AutoimmuneDisease.ImmuneThrombocytopenia;
}

using Reconstitution.Physiology;
using Reconstitution.Protocols;

namespace Reconstitution.Tests.Protocols;

/// <summary>
/// <see cref="EnumMembers"/> writes the enumerations' members out from their first and last member; these tests hold it to
/// <c>Enum.GetValues</c> and <c>Enum.IsDefined</c>, so a member added at the end, in the middle or with a gap fails here.
/// </summary>
public sealed class EnumMembersTests
{
    [Fact]
    public void Lists_EveryMemberInOrder_AsEnumGetValues()
    {
        Assert.Equal(Enum.GetValues<KillGroup>(), EnumMembers.KillGroups());
        Assert.Equal(Enum.GetValues<Organ>(), EnumMembers.Organs());
        Assert.Equal(Enum.GetValues<ConditioningAgent>(), EnumMembers.Agents());
        Assert.Equal(EnumMembers.KillGroupCount, Enum.GetValues<KillGroup>().Length);
        Assert.Equal(EnumMembers.OrganCount, Enum.GetValues<Organ>().Length);
        Assert.Equal(EnumMembers.AgentCount, Enum.GetValues<ConditioningAgent>().Length);
    }

    [Fact]
    public void IsDefined_AroundEveryRange_AsEnumIsDefined()
    {
        // Below the first member, every member, and past the last (int.MinValue/MaxValue: the unsigned comparison's edges).
        int[] probes = [int.MinValue, -2, -1, .. Enumerable.Range(0, 20), int.MaxValue];
        foreach (int i in probes)
        {
            Assert.Equal(Enum.IsDefined((KillGroup)i), EnumMembers.IsDefined((KillGroup)i));
            Assert.Equal(Enum.IsDefined((Organ)i), EnumMembers.IsDefined((Organ)i));
            Assert.Equal(Enum.IsDefined((ConditioningAgent)i), EnumMembers.IsDefined((ConditioningAgent)i));
            Assert.Equal(Enum.IsDefined((GraftSource)i), EnumMembers.IsDefined((GraftSource)i));
            Assert.Equal(Enum.IsDefined((DonorType)i), EnumMembers.IsDefined((DonorType)i));
            Assert.Equal(Enum.IsDefined((AutoimmuneDisease)i), EnumMembers.IsDefined((AutoimmuneDisease)i));
        }
    }
}

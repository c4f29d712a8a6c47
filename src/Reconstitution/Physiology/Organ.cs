namespace Reconstitution.Physiology;

/// <summary>
/// An organ that conditioning can injure and an autoimmune disease can involve (docs/model.md §18). The organ-toxicity
/// hazards of the outcome layer are kept per organ, and a death from one is recorded as <c>organ:NAME</c>
/// (<c>organ:heart</c>, <c>organ:liver</c> …) with the camelCase name used in protocol files.
/// </summary>
/// <remarks>Use it to read or give an agent's organ-toxicity weight (<c>ConditioningAgentDefinition.OrganToxicityPerUnit</c>) or a disease's organ involvement (<see cref="DiseaseOrganInvolvement"/>).</remarks>
public enum Organ
{
    /// <summary>Heart: acute cyclophosphamide cardiotoxicity (haemorrhagic myocarditis, heart failure within days).</summary>
    Heart,

    /// <summary>Liver: sinusoidal obstruction syndrome (veno-occlusive disease), chiefly after busulfan.</summary>
    Liver,

    /// <summary>Lung: idiopathic pneumonia syndrome and interstitial pneumonitis after TBI and busulfan.</summary>
    Lung,

    /// <summary>Kidney: acute kidney injury after conditioning (and scleroderma renal crisis, lupus nephritis).</summary>
    Kidney,

    /// <summary>Mucosa: severe oral and gut mucositis (melphalan, BEAM, busulfan, TBI).</summary>
    Mucosa,
}

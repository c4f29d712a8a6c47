using Reconstitution.Compartments;
using Reconstitution.Compartments.Solvers;
using Reconstitution.Numerics;
using Reconstitution.Physiology;
using Reconstitution.Randomness;

namespace Reconstitution.Tests.Compartments;

/// <summary>
/// The assembled Jacobian (HybridSolver.Jacobian.cs) keeps scratch between calls that each call leaves clean (pattern
/// positions −1, no signal listed for the row or marked as touched, no coefficient); an exception part-way through a call
/// must not leave it dirty for the next one.
/// </summary>
public class HybridJacobianInterruptedTests
{
    [Fact]
    public void Jacobian_AfterAnExceptionPartWayThrough_NextCallEqualsAFreshSolversToTheBit()
    {
        // The physiology network 30 days after transplant (signals read by many rows). Each call before the good one is
        // given a values span too short for the pattern, so it throws at the first write beyond it: part-way through a row,
        // at every row in turn (some after the row listed signals). The good call must give a fresh solver's bits.
        var patient = new Patient(PhysiologyModel.Create(PatientCovariates.Default), RandomStream.Create(2026, 5));
        patient.AdvanceTo(30);
        var solver = (HybridSolver)patient.System.Solver;
        var stepper = new RosenbrockW(solver.Integrator.Dimension, 1e-3, 1);
        ((IJacobianPattern)solver).Declare(stepper);
        var pattern = stepper.Jacobian.Pattern;
        int n = pattern.Dimension, entries = pattern.Columns.Length;
        double t = solver.Integrator.T;
        double[] y = solver.Integrator.Y.AsSpan(0, n).ToArray();
        var expected = new double[entries];
        IJacobianSource source = solver;
        source.Jacobian(t, y, 1, pattern.RowOffsets, pattern.Columns, expected);
        int thrown = 0;
        for (int length = 0; length < entries; length += 7)
        {
            try
            {
                source.Jacobian(t, y, 1, pattern.RowOffsets, pattern.Columns, new double[length]);
            }
            catch (IndexOutOfRangeException)
            {
                thrown++;
            }
            var values = new double[entries];
            source.Jacobian(t, y, 1, pattern.RowOffsets, pattern.Columns, values);
            for (int e = 0; e < entries; e++)
                Assert.True(BitConverter.DoubleToInt64Bits(expected[e]) == BitConverter.DoubleToInt64Bits(values[e]),
                    $"After a call cut at {length} entries: entry {e} is {values[e]:R}, {expected[e]:R} before.");
        }
        Assert.True(thrown > entries / 14, $"Only {thrown} of the cut calls threw.");
    }
}

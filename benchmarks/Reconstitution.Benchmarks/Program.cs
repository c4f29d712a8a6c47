using BenchmarkDotNet.Running;

// Entry point: `dotnet run -c Release --project benchmarks/Reconstitution.Benchmarks -- --filter '*'`.
// CI smoke test: `... -- --filter '*' --job dry --inProcess`.
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);

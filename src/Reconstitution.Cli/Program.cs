using Reconstitution.Randomness;

// Placeholder entry point until the kernel demo lands.
var rng = RandomStream.Create(42, 0, "demo");
Console.WriteLine($"reconstitution: demo draw {rng.NextUniform():F6}");
return 0;

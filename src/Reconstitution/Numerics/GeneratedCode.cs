using System.Reflection.Emit;
using System.Runtime.CompilerServices;

namespace Reconstitution.Numerics;

/// <summary>
/// Straight-line code generated for one fixed structure (a sparsity pattern, a network partition), compiled once the
/// structure has been used often enough to repay the compilation: the common shell of <see cref="SparseLuSolveCode"/>,
/// <see cref="SparseLuFactorCode"/> and the hybrid solver's right-hand-side code. Derived types emit the IL
/// (<see cref="Emit"/>) with the helpers here, which address the caller's arrays through references at constant byte
/// offsets (no bounds checks, no index loads).
/// </summary>
/// <remarks>
/// Users report their uses with <see cref="Count"/>; the call that brings them to the threshold hands the entry to one
/// background compiler thread (started with the caches, by <see cref="StartCompiler"/>; handing over allocates nothing, so
/// a simulation thread never allocates for cached code; an entry made outside the caches, or one requested while
/// <see cref="MaxRequests"/> others wait, is compiled on the calling thread), and <see cref="Count"/> returns true once it is
/// compiled.
/// Thread-safe. Where dynamic code is not compiled (<see cref="IsSupported"/> false) callers keep their array loops.
/// </remarks>
internal abstract class GeneratedCode
{
    /// <summary>Entries waiting for the compiler thread at most at once (a ring; the caches hold 64 structures each).</summary>
    private const int MaxRequests = 256;

    private static readonly Lock RequestLock = new();
    private static GeneratedCode[] _requests = [];
    private static int _firstWaiting, _waiting; // the ring's oldest entry and its length
    private static SemaphoreSlim? _pending;

    private readonly Lock _compileLock = new();
    private readonly long _compileAfter;
    private long _uses;
    private volatile bool _compiled, _failed;

    /// <summary>Creates an entry compiled after <paramref name="compileAfter"/> reported uses.</summary>
    protected GeneratedCode(long compileAfter) => _compileAfter = compileAfter;

    /// <summary>Whether this runtime compiles dynamic code (not so under Native AOT, or with interpreted dynamic code).</summary>
    public static bool IsSupported => RuntimeFeature.IsDynamicCodeCompiled;

    /// <summary>Whether the code is compiled.</summary>
    public bool IsCompiled => _compiled;

    /// <summary>Whether the reported uses have reached the threshold, so the code is compiled or being compiled (tests).</summary>
    internal bool IsRequested => Interlocked.Read(ref _uses) >= _compileAfter;

    /// <summary>The managed thread id of the thread that compiled the code; 0 before (tests: the background thread's work).</summary>
    internal int CompiledOnThread { get; private set; }

    /// <summary>
    /// Adds <paramref name="uses"/>; true when the code is compiled (handed to the compiler thread when the uses reach the
    /// threshold). Once a compilation has failed, false at once for the rest of the process.
    /// </summary>
    public bool Count(long uses)
    {
        if (_compiled) return true;
        if (_failed) return false;
        long total = Interlocked.Add(ref _uses, uses);
        if (total >= _compileAfter && total - uses < _compileAfter) Request(this);
        return false;
    }

    /// <summary>
    /// Starts the background compiler thread unless it runs (a derived type's cache calls this when it allocates its
    /// storage, so that the allocations of a thread happen there, once, and not when code is first requested; tests call it
    /// to make an entry outside the caches compile there).
    /// </summary>
    internal static void StartCompiler()
    {
        lock (RequestLock)
        {
            if (_pending is not null) return;
            _requests = new GeneratedCode[MaxRequests];
            _pending = new SemaphoreSlim(0);
            new Thread(CompileRequests) { IsBackground = true, Name = "Reconstitution generated code" }.Start();
        }
    }

    /// <summary>Hands <paramref name="code"/> to the compiler thread (compiled here when there is none).</summary>
    private static void Request(GeneratedCode code)
    {
        SemaphoreSlim? pending;
        lock (RequestLock)
        {
            pending = _pending;
            if (pending is not null && _waiting < MaxRequests) _requests[(_firstWaiting + _waiting++) % MaxRequests] = code;
            else pending = null;
        }
        if (pending is null) code.TryCompile();
        else pending.Release();
    }

    /// <summary>
    /// Compiles the code unless it is compiled; a failure of any kind leaves the entry uncompiled for good (its users keep
    /// their array loops, with the same results) instead of ending a simulation, or, on the compiler thread, the process.
    /// </summary>
    private void TryCompile()
    {
        try
        {
            EnsureCompiled();
        }
        catch (Exception)
        {
            _failed = true;
        }
    }

    /// <summary>The compiler thread: compiles each requested entry in turn, for the life of the process.</summary>
    private static void CompileRequests()
    {
        while (true)
        {
            _pending!.Wait();
            GeneratedCode code;
            lock (RequestLock)
            {
                code = _requests[_firstWaiting];
                _requests[_firstWaiting] = null!; // the ring keeps no compiled entry alive
                _firstWaiting = (_firstWaiting + 1) % MaxRequests;
                _waiting--;
            }
            code.TryCompile();
        }
    }

    /// <summary>Compiles the code now unless it is compiled.</summary>
    public void EnsureCompiled()
    {
        lock (_compileLock)
        {
            if (_compiled) return;
            Emit();
            CompiledOnThread = Environment.CurrentManagedThreadId;
            _compiled = true;
        }
    }

    /// <summary>Emits and compiles the code (once, under the entry's lock).</summary>
    protected abstract void Emit();

    /// <summary>Entries (products, terms) per generated method at most, except where one row alone is longer.</summary>
    /// <remarks>
    /// Measured on the physiology's LU solve (≈ 1,000 entries): in one method, the JIT's temporaries exceed what it tracks
    /// in registers, every argument and partial sum goes through the stack frame, and the code is ≈ 40 % slower than the
    /// array loops; in methods of ≈ 200 entries called in turn, ≈ 35 % faster than them.
    /// </remarks>
    protected const int EntriesPerMethod = 200;

    /// <summary>A method of <paramref name="references"/> <c>ref double</c> parameters calling <paramref name="parts"/> in turn with them (the part itself when there is one).</summary>
    protected static DynamicMethod Sequence(string name, int references, List<DynamicMethod> parts)
    {
        if (parts.Count == 1) return parts[0];
        var method = NewMethod(name, references);
        var il = method.GetILGenerator();
        foreach (var part in parts)
        {
            for (short a = 0; a < references; a++) il.Emit(OpCodes.Ldarg, a);
            il.Emit(OpCodes.Call, part);
        }
        il.Emit(OpCodes.Ret);
        return method;
    }

    /// <summary>A static method of <paramref name="references"/> <c>ref double</c> parameters and no result.</summary>
    protected static DynamicMethod NewMethod(string name, int references)
    {
        var parameters = new Type[references];
        Array.Fill(parameters, typeof(double).MakeByRefType());
        return new DynamicMethod(name, typeof(void), parameters, typeof(GeneratedCode).Module, skipVisibility: true);
    }

    /// <summary>Pushes the address <paramref name="byteOffset"/> bytes past the reference in argument <paramref name="argument"/>.</summary>
    protected static void Address(ILGenerator il, short argument, long byteOffset)
    {
        il.Emit(OpCodes.Ldarg, argument);
        if (byteOffset == 0) return;
        if ((ulong)byteOffset > int.MaxValue) throw new ArgumentOutOfRangeException(nameof(byteOffset), byteOffset, "An index is negative or beyond what generated code addresses (0 to 2³¹ − 1 bytes).");
        il.Emit(OpCodes.Ldc_I4, (int)byteOffset);
        il.Emit(OpCodes.Conv_I);
        il.Emit(OpCodes.Add);
    }

    /// <summary>Pushes the double <paramref name="byteOffset"/> bytes past the reference in argument <paramref name="argument"/>.</summary>
    protected static void Load(ILGenerator il, short argument, long byteOffset)
    {
        Address(il, argument, byteOffset);
        il.Emit(OpCodes.Ldind_R8);
    }
}

using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace LzDQM.Kernel;

/// <summary>
/// The truncating double → int conversion for values the caller has proven to lie within the int
/// range: the bare instruction, without the fix-ups .NET adds so NaN and out-of-range values
/// saturate. Same result as <c>(int)x</c> for such values. Stateless; any thread.
/// </summary>
internal static class InRangeTruncation
{
    /// <summary><c>(int)x</c> for <paramref name="x"/> in (int.MinValue − 1, int.MaxValue + 1). Hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static int ToInt32(double x) => Sse2.IsSupported ? Sse2.ConvertToInt32WithTruncation(Vector128.CreateScalarUnsafe(x)) : (int)x;

    /// <summary><c>(long)x</c> for <paramref name="x"/> in (long.MinValue − 1, long.MaxValue + 1). Hot path.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long ToInt64(double x) => Sse2.X64.IsSupported ? Sse2.X64.ConvertToInt64WithTruncation(Vector128.CreateScalarUnsafe(x)) : (long)x;
}

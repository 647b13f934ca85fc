using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics.X86;

namespace LzDQM.Kernel.Columns;

/// <summary>
/// Asks the CPU to start loading a column into cache (one prefetch per 64-byte line, all issued
/// up front) so the several short passes over a freshly arrived chunk overlap its memory latency
/// instead of stalling on each new column. A hint only: no effect on results, no-op without SSE.
/// Stateless; any thread.
/// </summary>
internal static class CachePrefetch
{
    private const int LineBytes = 64;

    /// <summary>
    /// Prefetches one line at <paramref name="element"/> (a hint: a stale or past-the-end address
    /// costs nothing and never faults, so no pinning is needed). Hot path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Line<T>(ref T element)
    {
        if (Sse.IsSupported)
        {
            Sse.Prefetch0(Unsafe.AsPointer(ref element));
        }
    }

    /// <summary>Prefetches the first <paramref name="count"/> elements of <paramref name="column"/>.</summary>
    public static unsafe void Column<T>(T[] column, int count)
        where T : unmanaged
    {
        if (!Sse.IsSupported || count <= 0)
        {
            return;
        }

        var bytes = Math.Min(count, column.Length) * sizeof(T);
        fixed (T* p = column)
        {
            var b = (byte*)p;
            for (var o = 0; o < bytes; o += LineBytes)
            {
                Sse.Prefetch0(b + o);
            }
        }
    }
}

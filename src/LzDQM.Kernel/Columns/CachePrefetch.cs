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
    private const int Line = 64;

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
            for (var o = 0; o < bytes; o += Line)
            {
                Sse.Prefetch0(b + o);
            }
        }
    }
}

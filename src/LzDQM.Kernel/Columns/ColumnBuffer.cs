namespace LzDQM.Kernel.Columns;

/// <summary>Grows a reusable column array; after warm-up no chunk allocates.</summary>
internal static class ColumnBuffer
{
    public static void Ensure<T>(ref T[] array, int needed)
    {
        if (array.Length < needed)
        {
            Array.Resize(ref array, Math.Max(needed, Math.Max(64, array.Length * 2)));
        }
    }
}

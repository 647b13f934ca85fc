using LzDQM.Contracts.V1;

namespace LzDQM.Simulation.Output;

/// <summary>The pulses of the event being built; sorted by start before they join a chunk. Not thread-safe.</summary>
internal sealed class PulseScratch
{
    private PulseClass[] _class = new PulseClass[32];
    private float[] _area = new float[32];
    private float[] _start = new float[32];
    private float[] _width = new float[32];
    private float[] _top = new float[32];
    private uint[] _coincidence = new uint[32];
    private int[] _order = new int[32];

    public int Count { get; private set; }

    public void Clear() => Count = 0;

    public void Add(PulseClass pulseClass, double areaPhd, double startUs, double widthUs, double topFraction, uint coincidence)
    {
        if (Count == _class.Length)
        {
            var n = Count * 2;
            Array.Resize(ref _class, n);
            Array.Resize(ref _area, n);
            Array.Resize(ref _start, n);
            Array.Resize(ref _width, n);
            Array.Resize(ref _top, n);
            Array.Resize(ref _coincidence, n);
            Array.Resize(ref _order, n);
        }

        _class[Count] = pulseClass;
        _area[Count] = PulseQuantisation.Area(areaPhd);
        _start[Count] = (float)startUs;
        _width[Count] = PulseQuantisation.Width(widthUs);
        _top[Count] = PulseQuantisation.TopFraction(topFraction);
        _coincidence[Count] = coincidence;
        Count++;
    }

    /// <summary>Copies the pulses, in start-time order (ties keep insertion order), to the columns at <paramref name="at"/>.</summary>
    public void CopyTo(int at, PulseClass[] cls, float[] area, float[] start, float[] width, float[] top, uint[] coincidence)
    {
        // Insertion sort of indices: events hold a handful of pulses.
        for (var i = 0; i < Count; i++)
        {
            var j = i;
            while (j > 0 && _start[_order[j - 1]] > _start[i])
            {
                _order[j] = _order[j - 1];
                j--;
            }

            _order[j] = i;
        }

        for (var k = 0; k < Count; k++)
        {
            var i = _order[k];
            cls[at + k] = _class[i];
            area[at + k] = _area[i];
            start[at + k] = _start[i];
            width[at + k] = _width[i];
            top[at + k] = _top[i];
            coincidence[at + k] = _coincidence[i];
        }
    }
}

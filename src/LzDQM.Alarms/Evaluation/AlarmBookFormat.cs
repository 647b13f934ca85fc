using System.Text;
using LzDQM.Alarms.Paging;
using LzDQM.Contracts.V1;

namespace LzDQM.Alarms.Evaluation;

/// <summary>
/// The binary layout of <see cref="AlarmBook"/>: magic <c>LZAB</c>, a version byte, then the
/// sections in a fixed order (little-endian, strings length-prefixed UTF-8). Stateless.
/// <para>Version 2 added the firing problems (after the alarms) and each queued transition's problem
/// fields. Version 1 is still read: its transitions become problems of their rule alone, and the
/// evaluator rebuilds a firing problem's record from its firing rules when it next needs it.</para>
/// </summary>
public static class AlarmBookFormat
{
    /// <summary>The version written; readers accept it and version 1 (anything else is refused with a clear error).</summary>
    public const byte Version = 2;

    private const byte Version1 = 1;

    private static readonly byte[] Magic = "LZAB"u8.ToArray();

    internal static byte[] Write(AlarmBook book)
    {
        using var ms = new MemoryStream();
        using (var w = new BinaryWriter(ms, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Magic);
            w.Write(Version);
            w.Write(book.Runs.Count);
            foreach (var (run, info) in book.Runs)
            {
                w.Write(run);
                w.Write((int)info.Mode);
                w.Write(info.NowNs);
            }

            w.Write(book.EndedRuns.Count);
            foreach (var run in book.EndedRuns)
            {
                w.Write(run);
            }

            w.Write(book.Tracks.Count);
            foreach (var t in book.Tracks.Values)
            {
                w.Write(t.AlarmId);
                w.Write(t.Rule);
                w.Write(t.Run);
                w.Write(t.Series);
                w.Write(t.LastTimeNs);
                w.Write((byte)t.State);
                w.Write((byte)t.Severity);
                w.Write(t.PendingSinceNs);
                w.Write(t.FiredAtNs);
                w.Write(t.SinceNs);
                w.Write(t.Sequence);
                w.Write(t.SilenceSinceNs.HasValue);
                w.Write(t.SilenceSinceNs ?? 0);
                w.Write(t.LastDataNs);
                w.Write(t.History.Count);
                foreach (var h in t.History)
                {
                    w.Write(h.TimeNs);
                    w.Write(h.Value);
                    w.Write(h.Error);
                }
            }

            w.Write(book.Problems.Count);
            foreach (var p in book.Problems.Values)
            {
                w.Write(p.ProblemId);
                w.Write(p.Problem);
                w.Write(p.Run);
                w.Write(p.Series);
                w.Write((byte)p.PageSeverity);
                w.Write((byte)p.Severity);
                w.Write(p.FiredAtNs);
                w.Write(p.Notices);
            }

            var o = book.Outbox;
            w.Write(o.NextId);
            w.Write(o.PermanentFailures);
            w.Write(o.Delivered);
            w.Write(o.Entries.Count);
            foreach (var e in o.Entries)
            {
                w.Write(e.Id);
                w.Write(e.Notifier);
                w.Write(e.Failures);
                w.Write(e.NextAttemptUnixMs);
                w.Write(e.LastError ?? string.Empty);
                WriteTransition(w, e.Transition);
            }

            w.Write(o.Firing.Count);
            foreach (var f in o.Firing.Values)
            {
                w.Write(f.Notifier);
                w.Write(f.LastSentUnixMs);
                WriteTransition(w, f.Transition);
            }
        }

        return ms.ToArray();
    }

    internal static AlarmBook Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 5 || !bytes[..4].SequenceEqual(Magic))
        {
            throw new InvalidDataException("alarm state: not an LzDQM alarm book (magic 'LZAB' missing)");
        }

        var version = bytes[4];
        if (version is not (Version or Version1))
        {
            throw new InvalidDataException($"alarm state: format version {version} is not supported (this build reads versions {Version1} and {Version})");
        }

        using var ms = new MemoryStream(bytes[5..].ToArray(), writable: false);
        using var r = new BinaryReader(ms, Encoding.UTF8);
        try
        {
            var book = new AlarmBook();
            for (int i = 0, n = Count(r); i < n; i++)
            {
                var run = r.ReadUInt32();
                book.Runs[run] = new RunInfo { Mode = (RunMode)r.ReadInt32(), NowNs = r.ReadInt64() };
            }

            for (int i = 0, n = Count(r); i < n; i++)
            {
                book.EndedRuns.Add(r.ReadUInt32());
            }

            for (int i = 0, n = Count(r); i < n; i++)
            {
                var t = new AlarmTrack { AlarmId = r.ReadString(), Rule = r.ReadString(), Run = r.ReadUInt32(), Series = r.ReadString() };
                t.LastTimeNs = r.ReadInt64();
                t.State = (AlarmState)r.ReadByte();
                t.Severity = (AlarmSeverity)r.ReadByte();
                t.PendingSinceNs = r.ReadInt64();
                t.FiredAtNs = r.ReadInt64();
                t.SinceNs = r.ReadInt64();
                t.Sequence = r.ReadInt64();
                var hasSilence = r.ReadBoolean();
                var silence = r.ReadInt64();
                t.SilenceSinceNs = hasSilence ? silence : null;
                t.LastDataNs = r.ReadInt64();
                for (int j = 0, m = Count(r); j < m; j++)
                {
                    t.History.Add(new RatePoint(r.ReadInt64(), r.ReadDouble(), r.ReadDouble()));
                }

                if (!Enum.IsDefined(t.State) || !Enum.IsDefined(t.Severity))
                {
                    throw new InvalidDataException($"alarm state: alarm '{t.AlarmId}' has an unknown state or severity");
                }

                book.Tracks[t.AlarmId] = t;
            }

            for (int i = 0, n = version == Version1 ? 0 : Count(r); i < n; i++)
            {
                var p = new ProblemTrack { ProblemId = r.ReadString(), Problem = r.ReadString(), Run = r.ReadUInt32(), Series = r.ReadString() };
                p.PageSeverity = (AlarmSeverity)r.ReadByte();
                p.Severity = (AlarmSeverity)r.ReadByte();
                p.FiredAtNs = r.ReadInt64();
                p.Notices = r.ReadInt64();
                if (!Enum.IsDefined(p.PageSeverity) || !Enum.IsDefined(p.Severity))
                {
                    throw new InvalidDataException($"alarm state: problem '{p.ProblemId}' has an unknown severity");
                }

                book.Problems[p.ProblemId] = p;
            }

            var o = book.Outbox;
            o.NextId = r.ReadInt64();
            o.PermanentFailures = r.ReadInt64();
            o.Delivered = r.ReadInt64();
            for (int i = 0, n = Count(r); i < n; i++)
            {
                var id = r.ReadInt64();
                var notifier = r.ReadString();
                var failures = r.ReadInt32();
                var next = r.ReadInt64();
                var error = r.ReadString();
                o.Entries.Add(new OutboxEntry(id, notifier, ReadTransition(r, version)) { Failures = failures, NextAttemptUnixMs = next, LastError = error.Length == 0 ? null : error });
            }

            for (int i = 0, n = Count(r); i < n; i++)
            {
                var notifier = r.ReadString();
                var sent = r.ReadInt64();
                var tr = ReadTransition(r, version);
                o.Firing[AlarmOutbox.Key(notifier, tr.ProblemId)] = new FiringNotice(notifier, tr, sent);
            }

            if (ms.Position != ms.Length)
            {
                throw new InvalidDataException($"alarm state: {ms.Length - ms.Position} bytes left over after the outbox");
            }

            return book;
        }
        catch (EndOfStreamException ex)
        {
            throw new InvalidDataException($"alarm state: truncated at byte {ms.Position + 5}", ex);
        }
    }

    private static int Count(BinaryReader r)
    {
        var n = r.ReadInt32();
        return n is < 0 or > 10_000_000 ? throw new InvalidDataException($"alarm state: implausible count {n}") : n;
    }

    private static void WriteTransition(BinaryWriter w, AlarmTransition t)
    {
        w.Write(t.AlarmId);
        w.Write(t.Rule);
        w.Write(t.Run);
        w.Write(t.Series);
        w.Write(t.Sequence);
        w.Write((byte)t.Kind);
        w.Write((byte)t.State);
        w.Write((byte)t.Severity);
        w.Write(t.EventTimeNs);
        w.Write(t.Value);
        w.Write(t.Threshold);
        w.Write(t.Message);
        w.Write(t.Measurement);
        w.Write(t.Field);
        w.Write(t.FiredAtNs);
        w.Write(t.SinceNs);
        w.Write(t.Problem);
        w.Write((byte)t.Notice);
        w.Write((byte)t.ProblemSeverity);
        w.Write((byte)t.PageSeverity);
        w.Write(t.ProblemFiredAtNs);
        w.Write(t.FiringRules);
    }

    private static AlarmTransition ReadTransition(BinaryReader r, byte version)
    {
        var t = new AlarmTransition(
            r.ReadString(), r.ReadString(), r.ReadUInt32(), r.ReadString(), r.ReadInt64(),
            (AlarmTransitionKind)r.ReadByte(), (AlarmState)r.ReadByte(), (AlarmSeverity)r.ReadByte(),
            r.ReadInt64(), r.ReadDouble(), r.ReadDouble(), r.ReadString(), r.ReadString(), r.ReadString(), r.ReadInt64(), r.ReadInt64());
        if (version == Version1)
        {
            return t; // a problem of its rule alone, the notice from its kind (as version 1 paged)
        }

        t = t with
        {
            Problem = r.ReadString(), Notice = (AlarmNotice)r.ReadByte(), ProblemSeverity = (AlarmSeverity)r.ReadByte(),
            PageSeverity = (AlarmSeverity)r.ReadByte(), ProblemFiredAtNs = r.ReadInt64(), FiringRules = r.ReadString(),
        };
        return Enum.IsDefined(t.Notice) && Enum.IsDefined(t.ProblemSeverity) && Enum.IsDefined(t.PageSeverity)
            ? t
            : throw new InvalidDataException($"alarm state: a queued notification of '{t.AlarmId}' has an unknown notice or severity");
    }
}

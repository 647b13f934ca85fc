using System.CommandLine;
using System.Globalization;
using LzDQM.Kafka;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm replay FILE --bootstrap SERVERS [--speed X|max]</c>: publishes a replay file to Kafka,
/// paced by event time and by how far the consumer groups lag (SPEC §5, §7).
/// </summary>
public static class ReplayCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Replay file (.lzr) to publish." };
        var bootstrap = new Option<string>("--bootstrap")
        {
            Description = "Kafka bootstrap servers, HOST:PORT[,HOST:PORT...] (e.g. the line 'lzdqm broker' prints).",
            Required = true,
        };
        var speed = new Option<string>("--speed")
        {
            Description = "Play event time X times faster than real time, or 'max' for as fast as the consumers allow.",
            DefaultValueFactory = _ => "max",
        };
        var groups = new Option<string[]>("--group")
        {
            Description = "Consumer group the replay must not outrun (repeatable; the slowest counts).",
            DefaultValueFactory = _ => ["lzdqm"],
        };
        var maxAhead = new Option<double>("--max-ahead-mb")
        {
            Description = "Most un-consumed MB per partition ahead of the slowest group (below the embedded broker's 5 MB); 0: unbounded.",
            DefaultValueFactory = _ => ReplayPublisherOptions.DefaultMaxAheadBytes / 1048576.0,
        };
        var compression = new Option<string>("--compression")
        {
            Description = "Producer compression: none or lz4.",
            DefaultValueFactory = _ => "none",
        };

        var command = new Command("replay", "Publish a replay file to Kafka, paced by event time and by the consumers' progress.");
        command.Arguments.Add(file);
        command.Options.Add(bootstrap);
        command.Options.Add(speed);
        command.Options.Add(groups);
        command.Options.Add(maxAhead);
        command.Options.Add(compression);
        command.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (!path.Exists)
            {
                throw new OperatorException($"replay file '{path.FullName}' does not exist", ExitCodes.BadArguments);
            }

            var options = new ReplayPublisherOptions
            {
                BootstrapServers = parse.GetValue(bootstrap)!,
                Speed = ParseSpeed(parse.GetValue(speed)!),
                ConsumerGroups = parse.GetValue(groups) ?? [],
                MaxAheadBytes = ParseMaxAhead(parse.GetValue(maxAhead)),
                Compression = ParseCompression(parse.GetValue(compression)!),
                Notice = line => Console.Error.WriteLine("lzdqm: " + line),
            };
            return await RunAsync(path.FullName, options, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(string path, ReplayPublisherOptions options, CancellationToken cancellationToken)
    {
        var publisher = new ReplayPublisher(options);
        ReplaySummary summary;
        try
        {
            summary = await ReplayProgressView.RunAsync(
                Path.GetFileName(path),
                progress => publisher.PublishFileAsync(path, progress, cancellationToken)).ConfigureAwait(false);
        }
        catch (ReplayPublishException ex)
        {
            throw new OperatorException(ex.Message);
        }

        await Console.Out.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"published {summary.Records} records ({summary.Chunks} chunks, {summary.Events} events, {summary.Bytes / 1048576.0:0.0} MB, "
            + $"{summary.EventTimeSpan.TotalSeconds:0.#} s of event time) in {summary.Elapsed.TotalSeconds:0.0} s: "
            + $"{summary.ChunksPerSecond:0} chunks/s, {summary.EventsPerSecond:0} events/s, {summary.MegabytesPerSecond:0.0} MB/s; "
            + $"held {summary.HeldByConsumers.TotalSeconds:0.0} s for consumers")).ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    internal static double ParseSpeed(string text)
    {
        if (text.Equals("max", StringComparison.OrdinalIgnoreCase))
        {
            return double.PositiveInfinity;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x > 0 && double.IsFinite(x))
        {
            return x;
        }

        throw new OperatorException($"--speed must be a positive number or 'max', not '{text}'", ExitCodes.BadArguments);
    }

    private static string ParseCompression(string text) =>
        text is "none" or "lz4" ? text : throw new OperatorException($"--compression must be none or lz4, not '{text}'", ExitCodes.BadArguments);

    private static long ParseMaxAhead(double megabytes)
    {
        if (megabytes < 0 || !double.IsFinite(megabytes))
        {
            throw new OperatorException($"--max-ahead-mb must be 0 or positive, not {megabytes.ToString(CultureInfo.InvariantCulture)}", ExitCodes.BadArguments);
        }

        return (long)(megabytes * 1048576);
    }
}

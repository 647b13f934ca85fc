using System.CommandLine;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using LzDQM.Kafka;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm broker</c>: runs the embedded Kafka-protocol broker (SPEC §5, §7) until SIGINT/SIGTERM.
/// The first line of stdout is <c>bootstrap=HOST:PORT,...</c> so scripts can read it.
/// </summary>
public static class BrokerCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var brokers = new Option<int>("--brokers")
        {
            Description = "Number of brokers in the mock cluster.",
            DefaultValueFactory = _ => 1,
        };
        var partitions = new Option<int>("--partitions")
        {
            Description = "Partitions of each pre-created topic.",
            DefaultValueFactory = _ => 3,
        };
        var port = new Option<int?>("--port")
        {
            Description = "Fixed port of broker 1 (broker i listens on PORT+i-1); default: free ports chosen by the system.",
        };
        var command = new Command("broker", "Run the embedded Kafka-protocol broker (librdkafka's mock cluster) with the LzDQM topics, until SIGINT/SIGTERM.");
        command.Options.Add(brokers);
        command.Options.Add(partitions);
        command.Options.Add(port);
        command.SetAction(async (parse, ct) =>
        {
            var options = new EmbeddedKafkaBrokerOptions
            {
                Brokers = parse.GetValue(brokers),
                PartitionsPerTopic = parse.GetValue(partitions),
                FirstPort = parse.GetValue(port),
            };
            return await RunAsync(options, ct).ConfigureAwait(false);
        });
        return command;
    }

    private static async Task<int> RunAsync(EmbeddedKafkaBrokerOptions options, CancellationToken cancellationToken)
    {
        try
        {
            options.Validate();
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new OperatorException($"--{ex.ParamName switch { "Brokers" => "brokers", "PartitionsPerTopic" => "partitions", _ => "port" }}: {FirstLine(ex.Message)}", ExitCodes.BadArguments);
        }

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true; // exit through the clean shutdown below, not the default handler
            stop.Cancel();
        }

        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);

        EmbeddedKafkaBroker broker;
        try
        {
            broker = new EmbeddedKafkaBroker(options);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.AddressAlreadyInUse or SocketError.AccessDenied)
        {
            var last = options.FirstPort + options.Brokers - 1;
            var ports = last == options.FirstPort ? $"port {options.FirstPort}" : $"ports {options.FirstPort}..{last}";
            throw new OperatorException($"cannot listen on {ports}: {ex.Message}");
        }

        await using (broker.ConfigureAwait(false))
        {
            await Console.Out.WriteLineAsync($"bootstrap={broker.BootstrapServers}").ConfigureAwait(false);
            await Console.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            await Console.Error.WriteLineAsync(
                $"embedded Kafka broker: {options.Brokers} broker(s), topics {string.Join(", ", broker.TopicNames)} with {options.PartitionsPerTopic} partition(s) each; "
                + "keeps ~5 MB per partition; stop with Ctrl-C or SIGTERM").ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // SIGINT/SIGTERM: shut down cleanly.
            }
        }

        await Console.Error.WriteLineAsync("embedded Kafka broker stopped").ConfigureAwait(false);
        return ExitCodes.Ok;
    }

    private static string FirstLine(string message) => message.Split('\n', 2)[0].Split(" (Parameter", 2)[0];
}

using System.CommandLine;
using System.Net;
using System.Net.Sockets;
using Confluent.Kafka;
using LzDQM.Alarms.Rules;
using LzDQM.Kafka.Native;
using LzDQM.Node;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace LzDQM.Cli.Commands;

/// <summary>
/// <c>lzdqm node --bootstrap SERVERS [destinations] [--seed-nodes ...] [--port P]</c> (SPEC §5): runs one
/// cluster node until SIGINT/SIGTERM, then lets go of its partitions and leaves the cluster.
/// Settings: appsettings.json (beside the binary, then the current directory) &lt; <c>LZDQM__...</c>
/// environment &lt; flags. Tokens and passwords only from the environment or files.
/// </summary>
public static class NodeCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create()
    {
        var o = new NodeCommandOptions();
        var command = new Command("node", "Run one LzDQM cluster node: consume the detector topics, compute the metrics, write them to InfluxDB and/or a line-protocol file, until SIGINT/SIGTERM.");
        foreach (var option in o.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, ct) =>
        {
            var configuration = BuildConfiguration(o.ToConfiguration(parse));
            DqmNodeSettings settings;
            try
            {
                settings = DqmNodeSettings.Bind(configuration);
            }
            catch (AlarmConfigException ex)
            {
                throw new OperatorException(ex.Message, ExitCodes.BadArguments);
            }

            CheckArguments(settings);
            CheckPortFree(settings.Node.Hostname, settings.Node.Port);
            CheckKafkaReachable(settings.Intake.BootstrapServers);
            return await RunAsync(settings, parse.GetValue(o.LogFormat) ?? "simple", ct).ConfigureAwait(false);
        });
        return command;
    }

    private static IConfiguration BuildConfiguration(IEnumerable<KeyValuePair<string, string?>> flags) =>
        new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
            .AddJsonFile(Path.Combine(Directory.GetCurrentDirectory(), "appsettings.json"), optional: true)
            .AddEnvironmentVariables()
            .AddInMemoryCollection(flags)
            .Build();

    private static void CheckArguments(DqmNodeSettings settings)
    {
        try
        {
            if (settings.Destinations.InfluxV2 is { } v2 && (string.IsNullOrWhiteSpace(v2.Url) || string.IsNullOrWhiteSpace(v2.Bucket)))
            {
                throw new ArgumentException("the InfluxDB v2 API needs --influx-url and --influx-bucket (and --influx-org, a token from LZDQM__DESTINATIONS__INFLUXV2__TOKEN or --influx-token-file)");
            }

            if (settings.Destinations.InfluxV1 is { } v1 && (string.IsNullOrWhiteSpace(v1.Url) || string.IsNullOrWhiteSpace(v1.Database)))
            {
                throw new ArgumentException("the InfluxDB v1 API needs --influx-v1-url and --influx-db");
            }

            if (settings.Destinations.InfluxV2?.TokenFile is { } tokenFile && !File.Exists(tokenFile))
            {
                throw new ArgumentException($"token file '{tokenFile}' does not exist");
            }

            settings.Validate();
        }
        catch (ArgumentException ex)
        {
            throw new OperatorException(ex.Message.Split(" (Parameter", 2)[0], ExitCodes.BadArguments);
        }
    }

    private static void CheckPortFree(string hostname, int port)
    {
        if (port == 0)
        {
            return;
        }

        var address = IPAddress.TryParse(hostname, out var ip) ? ip : IPAddress.Any;
        try
        {
            using var probe = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(new IPEndPoint(address, port));
        }
        catch (SocketException ex)
        {
            throw new OperatorException($"remoting port {port} on {hostname} is not available: {ex.Message}");
        }
    }

    private static void CheckKafkaReachable(string bootstrap)
    {
        LibrdkafkaLibrary.EnsureLoaded();
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = bootstrap, SocketTimeoutMs = 5000 })
            .SetLogHandler((_, _) => { })
            .SetErrorHandler((_, _) => { })
            .Build();
        try
        {
            var metadata = admin.GetMetadata(TimeSpan.FromSeconds(5));
            if (metadata.Brokers.Count == 0)
            {
                throw new OperatorException($"Kafka at {bootstrap} answered with no brokers");
            }
        }
        catch (KafkaException ex)
        {
            throw new OperatorException($"cannot reach Kafka at {bootstrap} within 5 s: {ex.Error.Reason}");
        }
    }

    private static async Task<int> RunAsync(DqmNodeSettings settings, string logFormat, CancellationToken cancellationToken)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        if (logFormat == "json")
        {
            builder.Logging.AddJsonConsole(c =>
            {
                c.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                c.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(c =>
            {
                c.SingleLine = true;
                c.TimestampFormat = "HH:mm:ss.fff ";
                c.UseUtcTimestamp = true;
            });
        }

        // Logs go to stderr: stdout stays free for scripts.
        builder.Services.Configure<ConsoleLoggerOptions>(c => c.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.Configure<ConsoleLifetimeOptions>(c => c.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(8));
        builder.Services.AddDqmNode(settings);
        using var host = builder.Build();
        await host.RunAsync(cancellationToken).ConfigureAwait(false);
        return ExitCodes.Ok;
    }
}

using System.CommandLine;
using LzDQM.Cli.Commands;
using LzDQM.Contracts.ReplayFiles;

namespace LzDQM.Cli;

/// <summary>The <c>lzdqm</c> command tree (SPEC §5) and its error contract.</summary>
public static class LzdqmApp
{
    /// <summary>Builds the root command with every subcommand.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("LzDQM: real-time data-quality monitor for a dual-phase liquid-xenon TPC.");
        foreach (var command in Subcommands())
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    /// <summary>
    /// Parses and runs. Bad arguments print one line and exit <see cref="ExitCodes.BadArguments"/>;
    /// an <see cref="OperatorException"/> or a bad replay file prints one line and exits with its code.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken = default)
    {
        var parse = BuildRoot().Parse(args);
        if (parse.Errors.Count > 0)
        {
            var message = parse.Errors[0].Message.ReplaceLineEndings(" ").Trim();
            await Console.Error.WriteLineAsync($"lzdqm: {message} (see 'lzdqm --help')").ConfigureAwait(false);
            return ExitCodes.BadArguments;
        }

        try
        {
            // A node needs a few seconds after SIGTERM to flush, commit and leave the cluster.
            var config = new InvocationConfiguration { EnableDefaultExceptionHandler = false, ProcessTerminationTimeout = TimeSpan.FromSeconds(10) };
            return await parse.InvokeAsync(config, cancellationToken).ConfigureAwait(false);
        }
        catch (OperatorException ex)
        {
            await Console.Error.WriteLineAsync($"lzdqm: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (ReplayFormatException ex)
        {
            await Console.Error.WriteLineAsync($"lzdqm: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.BadInput;
        }
        catch (OperationCanceledException)
        {
            return ExitCodes.Interrupted;
        }
    }

    // Each command lives in Commands/ in a file of its own.
    private static IEnumerable<Command> Subcommands()
    {
        yield return BrokerCommand.Create();
        yield return SimulateCommand.Create();
        yield return ReplayCommand.Create();
        yield return AnalyzeCommand.Create();
        yield return DemoCommand.Create();
        yield return NodeCommand.Create();
        yield return ReportCommand.Create();
        yield return AlarmsCommand.Create();
    }
}

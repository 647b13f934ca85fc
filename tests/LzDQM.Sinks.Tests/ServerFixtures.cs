using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

/// <summary>One influxd shared by the tests of a class (each test uses its own database).</summary>
public sealed class InfluxDb1Fixture : IAsyncLifetime
{
    public InfluxDb1Server Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await InfluxDb1Server.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

/// <summary>One VictoriaMetrics shared by the tests of a class (each test uses its own run tag).</summary>
public sealed class VictoriaMetricsFixture : IAsyncLifetime
{
    public VictoriaMetricsServer Server { get; private set; } = null!;

    public async Task InitializeAsync() => Server = await VictoriaMetricsServer.StartNewAsync();

    public async Task DisposeAsync() => await Server.DisposeAsync();
}

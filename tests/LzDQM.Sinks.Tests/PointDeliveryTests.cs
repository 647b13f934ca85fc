using LzDQM.TestServers;

namespace LzDQM.Sinks.Tests;

public sealed class PointDeliveryTests
{
    [Fact]
    public async Task Points_still_unwritten_at_dispose_are_never_acknowledged()
    {
        // Nothing listens on this port: every write fails as "no answer".
        using var refusing = new RefusingPort();
        var delivery = new PointDelivery(
            new InfluxV1Sink(new InfluxV1Options { Url = refusing.Url, Database = "nowhere" }),
            new DeliveryOptions { FlushInterval = TimeSpan.FromMilliseconds(10), InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(100), DrainTimeout = TimeSpan.FromMilliseconds(300) });
        var receipt = await delivery.EnqueueAsync(TestPoints.TriggerRates(run: 3, firstWindow: 0, count: 4));
        var empty = await delivery.EnqueueAsync([]);

        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (delivery.Snapshot().WriteRetries == 0 && clock.Elapsed < TimeSpan.FromSeconds(20))
        {
            await Task.Delay(20);
        }

        Assert.True(delivery.Snapshot().WriteRetries > 0);
        await delivery.DisposeAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => receipt.Settled);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => empty.Settled);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => delivery.EnqueueAsync([]).AsTask());
    }

    [Fact]
    public async Task Both_HTTP_sinks_report_an_unreachable_server_as_retryable()
    {
        using var refusing = new RefusingPort();
        await using var v1 = new InfluxV1Sink(new InfluxV1Options { Url = refusing.Url, Database = "x" });
        await using var v2 = new InfluxV2Sink(new InfluxV2Options { Url = refusing.Url, Org = "lz", Bucket = "x" });
        foreach (IMetricSink sink in new IMetricSink[] { v1, v2 })
        {
            var ex = await Assert.ThrowsAsync<SinkWriteException>(() => sink.WriteAsync(TestPoints.TriggerRates(1, 0, 1), CancellationToken.None));
            Assert.Equal(SinkFailure.Unavailable, ex.Failure);
            Assert.Null(ex.HttpStatus);
        }
    }

    [Fact]
    public void Unusable_options_are_refused_with_a_reason()
    {
        var ex = Assert.Throws<ArgumentException>(() => new DeliveryOptions { BatchSize = 500, Capacity = 100 }.Validate());
        Assert.Contains("Capacity", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new InfluxV1Sink(new InfluxV1Options { Url = "localhost:8086", Database = "x" }));
        Assert.Throws<ArgumentException>(() => new InfluxV2Sink(new InfluxV2Options { Url = "http://localhost:8086" }));
    }

    [Fact]
    public async Task Tokens_and_passwords_never_appear_in_option_text_or_sink_descriptions()
    {
        const string secret = "s3cr3t-T0ken";
        var v2 = new InfluxV2Options { Url = $"http://admin:{secret}@influx.example:8086", Token = secret, Org = "lz", Bucket = "dqm" };
        var v1 = new InfluxV1Options { Url = "http://influx.example:8086", Database = "dqm", Username = "writer", Password = secret };
        await using var v2Sink = new InfluxV2Sink(v2);
        await using var v1Sink = new InfluxV1Sink(v1);

        foreach (var text in new[] { v2.ToString(), v1.ToString(), v2Sink.Description, v1Sink.Description })
        {
            Assert.DoesNotContain(secret, text, StringComparison.Ordinal);
        }

        Assert.Contains("Token = ***", v2.ToString(), StringComparison.Ordinal);
        Assert.Contains("Password = ***", v1.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Failing_writes_are_logged_without_the_token_or_password()
    {
        const string secret = "pa55-W0rd-and-T0ken";
        using var refusing = new RefusingPort();
        var withUserInfo = refusing.Url.Replace("http://", $"http://writer:{secret}@", StringComparison.Ordinal);
        var log = new CollectingLogger();
        var options = new DeliveryOptions { FlushInterval = TimeSpan.FromMilliseconds(10), InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50), DrainTimeout = TimeSpan.Zero };
        await using (var v1 = new PointDelivery(new InfluxV1Sink(new InfluxV1Options { Url = withUserInfo, Database = "d", Username = "writer", Password = secret }), options, log))
        await using (var v2 = new PointDelivery(new InfluxV2Sink(new InfluxV2Options { Url = withUserInfo, Token = secret, Org = "lz", Bucket = "b" }), options, log))
        {
            await v1.EnqueueAsync(TestPoints.TriggerRates(1, 0, 2));
            await v2.EnqueueAsync(TestPoints.TriggerRates(1, 0, 2));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            while ((v1.Snapshot().WriteRetries < 3 || v2.Snapshot().WriteRetries < 3) && clock.Elapsed < TimeSpan.FromSeconds(20))
            {
                await Task.Delay(20);
            }
        }

        Assert.NotEmpty(log.Lines);
        Assert.All(log.Lines, line => Assert.DoesNotContain(secret, line, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Secrets_can_come_from_files_and_stay_out_of_option_text()
    {
        var dir = Directory.CreateTempSubdirectory("lzdqm-secret-").FullName;
        try
        {
            var tokenFile = Path.Combine(dir, "token");
            await File.WriteAllTextAsync(tokenFile, "from-file-T0ken\n");
            var v2 = new InfluxV2Options { Url = "http://influx.example:8086", TokenFile = tokenFile, Org = "lz", Bucket = "dqm" };
            var v1 = new InfluxV1Options { Url = "http://influx.example:8086", Database = "dqm", Username = "w", PasswordFile = tokenFile };

            Assert.Equal("from-file-T0ken", v2.ResolveToken());
            Assert.Equal("from-file-T0ken", v1.ResolvePassword());
            Assert.DoesNotContain("from-file-T0ken", v2.ToString(), StringComparison.Ordinal);
            var missing = Assert.Throws<ArgumentException>(() => new InfluxV2Options { TokenFile = Path.Combine(dir, "nope") }.ResolveToken());
            Assert.Contains("TokenFile", missing.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Destinations_must_name_at_least_one_sink_and_only_one_InfluxDB_API()
    {
        var none = Assert.Throws<ArgumentException>(() => new MetricDestinations().Validate());
        Assert.Contains("--lp-out", none.Message, StringComparison.Ordinal);
        var both = Assert.Throws<ArgumentException>(() => new MetricDestinations
        {
            InfluxV2 = new InfluxV2Options { Url = "http://a:8086", Bucket = "b" },
            InfluxV1 = new InfluxV1Options { Url = "http://a:8086", Database = "d" },
        }.Validate());
        Assert.Contains("choose one", both.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_server_binary_fails_naming_the_apt_package()
    {
        var ex = Assert.Throws<FileNotFoundException>(() => ServerBinary.Find("lzdqm-no-such-server", "LZDQM_NO_SUCH_SERVER", "no-such-package"));
        Assert.Contains("apt-get install -y no-such-package", ex.Message, StringComparison.Ordinal);
    }
}
